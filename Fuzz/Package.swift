// swift-tools-version:6.0
import PackageDescription

// The libFuzzer target for the input readers, apart from the library (scripts/fuzz.sh builds it
// with `--sanitize=fuzzer --sanitize=address`).
let package = Package(
    name: "BrokerGraphFuzz",
    dependencies: [.package(name: "BrokerGraph", path: "..")],
    targets: [
        .executableTarget(
            name: "fuzz-readers",
            dependencies: [.product(name: "BrokerInput", package: "BrokerGraph")],
            path: ".",
            sources: ["FuzzReaders.swift"],
            // libFuzzer brings its own main: the file is a library with one exported entry point.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ]
)
