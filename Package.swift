// swift-tools-version:6.0
import PackageDescription

// Targets are split by what they depend on:
// - BrokerGraph: the compact graph and its algorithms (standard library only).
// - BrokerCase: the case model, input readers, screening, charts, reports (Foundation).
// - BrokerStore: the SQLite case file (the only module that imports CSQLite).
// - BrokerRender: layout and rendering through Graphviz (the only module that imports CGraphviz).
// - BrokerIdentity: identifiers, their normalisers, and identity resolution (Foundation only, no store).
// - BrokerGraphCLI: the `brokergraph` command.
let package = Package(
    name: "BrokerGraph",
    products: [
        .executable(name: "brokergraph", targets: ["BrokerGraphCLI"]),
        .library(name: "BrokerGraph", targets: ["BrokerGraph"]),
        .library(name: "BrokerCase", targets: ["BrokerCase"]),
        .library(name: "BrokerStore", targets: ["BrokerStore"]),
        .library(name: "BrokerRender", targets: ["BrokerRender"]),
        .library(name: "BrokerIdentity", targets: ["BrokerIdentity"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        .target(name: "BrokerGraph"),
        .target(name: "BrokerCase", dependencies: ["BrokerGraph"]),
        .target(name: "BrokerStore", dependencies: ["BrokerCase", "CSQLite"]),
        .target(name: "BrokerRender", dependencies: ["BrokerCase", "CGraphviz"]),
        .target(name: "BrokerIdentity"),
        .executableTarget(
            name: "BrokerGraphCLI",
            dependencies: [
                "BrokerGraph", "BrokerCase", "BrokerStore", "BrokerRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BrokerGraphTests", dependencies: ["BrokerGraph"], exclude: ["Fixtures"]),
        .testTarget(name: "BrokerCaseTests", dependencies: ["BrokerCase"]),
        .testTarget(name: "BrokerStoreTests", dependencies: ["BrokerCase", "BrokerStore"], exclude: ["BadInput"]),
        .testTarget(name: "BrokerRenderTests", dependencies: ["BrokerRender"]),
        .testTarget(name: "BrokerIdentityTests", dependencies: ["BrokerIdentity"]),
        .testTarget(name: "BrokerGraphCLITests", dependencies: ["BrokerCase", "BrokerStore"]),
    ]
)
