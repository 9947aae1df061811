// swift-tools-version:6.0
import PackageDescription

// Targets are split by what they depend on and what they are for:
// - BrokerGraph: the compact graph and its algorithms (standard library and Dispatch only).
// - BrokerCase: the case model, analyses, screening and case keys (Foundation).
// - BrokerInput: readers of input files (CSV, JSON Lines, and files in the shape they were seized,
//   read through mapping files over BrokerSheets; Yams reads the YAML mappings) into checked rows.
// - BrokerOutput: what is made for people and other tools: charts, reports, exports.
// - BrokerStore: the SQLite case file (the only module that imports CSQLite).
// - BrokerRender: layout and rendering through Graphviz (the only module that imports CGraphviz).
// - BrokerSheets: low-level readers of seized files: zip, XLSX sheets, GB18030/UTF-16 text (Glibc for
//   files and iconv; the only module that imports CZlib; no Foundation, no case model).
// - BrokerGraphCLI: the `brokergraph` command.
// - BrokerTestSupport: what every test target shares (case builder, the built binary); tests only.
let package = Package(
    name: "BrokerGraph",
    products: [
        .executable(name: "brokergraph", targets: ["BrokerGraphCLI"]),
        .library(name: "BrokerGraph", targets: ["BrokerGraph"]),
        .library(name: "BrokerCase", targets: ["BrokerCase"]),
        .library(name: "BrokerInput", targets: ["BrokerInput"]),
        .library(name: "BrokerOutput", targets: ["BrokerOutput"]),
        .library(name: "BrokerStore", targets: ["BrokerStore"]),
        .library(name: "BrokerRender", targets: ["BrokerRender"]),
        .library(name: "BrokerSheets", targets: ["BrokerSheets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // zlib, to inflate the zip entries XLSX workbooks are made of.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "BrokerGraph"),
        .target(name: "BrokerCase", dependencies: ["BrokerGraph"]),
        .target(name: "BrokerInput", dependencies: ["BrokerCase", "BrokerSheets", .product(name: "Yams", package: "Yams")]),
        // Readers of workbooks and text as seized, kept below the case model so mappings can build on them.
        .target(name: "BrokerSheets", dependencies: ["CZlib"]),
        .target(name: "BrokerOutput", dependencies: ["BrokerCase"]),
        .target(name: "BrokerStore", dependencies: ["BrokerCase", "BrokerInput", "CSQLite"]),
        .target(name: "BrokerRender", dependencies: ["BrokerOutput", "CGraphviz"]),
        .executableTarget(
            name: "BrokerGraphCLI",
            dependencies: [
                "BrokerGraph", "BrokerCase", "BrokerInput", "BrokerOutput", "BrokerStore", "BrokerRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "BrokerTestSupport", dependencies: ["BrokerCase"], path: "Tests/BrokerTestSupport"),
        .testTarget(name: "BrokerGraphTests", dependencies: ["BrokerGraph"], exclude: ["Fixtures"]),
        .testTarget(name: "BrokerCaseTests", dependencies: ["BrokerCase", "BrokerTestSupport"]),
        .testTarget(name: "BrokerInputTests", dependencies: ["BrokerInput"]),
        .testTarget(name: "BrokerOutputTests", dependencies: ["BrokerOutput", "BrokerTestSupport"]),
        .testTarget(name: "BrokerStoreTests", dependencies: ["BrokerStore", "BrokerTestSupport"], exclude: ["BadInput"]),
        .testTarget(name: "BrokerRenderTests", dependencies: ["BrokerRender", "BrokerTestSupport"]),
        .testTarget(name: "BrokerGraphCLITests", dependencies: ["BrokerStore", "BrokerTestSupport"]),
        // Fixtures are written by real spreadsheet writers (Fixtures/make_fixtures.py).
        .testTarget(name: "BrokerSheetsTests", dependencies: ["BrokerSheets"], exclude: ["Fixtures"]),
    ]
)
