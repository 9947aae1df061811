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
            name: "hash-bench",
            dependencies: [.product(name: "BrokerInput", package: "BrokerGraph")]
        ),
    ]
)
