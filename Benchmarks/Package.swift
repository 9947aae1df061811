// swift-tools-version:6.0
import PackageDescription

// Benchmarks live apart from the library: run in release mode only, never as tests.
let package = Package(
    name: "BrokerGraphBenchmarks",
    dependencies: [.package(name: "BrokerGraph", path: "..")],
    targets: [
        .executableTarget(
            name: "graph-bench",
            dependencies: [.product(name: "BrokerGraph", package: "BrokerGraph")],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "chains-bench",
            dependencies: [
                .product(name: "BrokerGraph", package: "BrokerGraph"),
                .product(name: "BrokerGraphReference", package: "BrokerGraph"),
            ],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        // Plain -O, as the library ships: the figure is what ingest will see.
        .executableTarget(
            name: "sheets-bench",
            dependencies: [.product(name: "BrokerSheets", package: "BrokerGraph")]
        ),
        .executableTarget(
            name: "identity-bench",
            dependencies: [
                .product(name: "BrokerGraph", package: "BrokerGraph"),
                .product(name: "BrokerIdentity", package: "BrokerGraph"),
            ]
        ),
        .executableTarget(
            name: "hash-bench",
            dependencies: [.product(name: "BrokerInput", package: "BrokerGraph")]
        ),
    ]
)
