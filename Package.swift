// swift-tools-version:6.0
import PackageDescription

// Targets are split by what they depend on and what they are for:
// - BrokerGraph: the compact graph and its algorithms (standard library and Dispatch only).
// - BrokerCase: the case model, analyses, screening and case keys (Foundation; SHA-256 and HMAC
//   through swift-crypto).
// - BrokerInput: readers of input files (CSV, JSON Lines, and files in the shape they were seized,
//   read through mapping files over BrokerSheets; Yams reads the YAML mappings) into checked rows.
// - BrokerOutput: what is made for people and other tools: charts, reports, exports.
// - BrokerStore: the case store: the SQLite case file and cases on a PostgreSQL server (the only module
//   that imports CSQLite and CLibPQ, each from one file); it depends on BrokerIdentity
//   to record identifier sightings at ingest and to load the case with its parties resolved (identity
//   stays a pure library: it never sees the store).
// - BrokerRender: layout and rendering through Graphviz (the only module that imports CGraphviz).
// - BrokerSheets: low-level readers of seized files: zip, XLSX sheets, GB18030/UTF-16 text (Glibc for
//   files and iconv; the only module that imports CZlib; no Foundation, no case model).
// - BrokerIdentity: identifiers, their normalisers, and identity resolution (Foundation only, no store).
// - BrokerServe: the local web view (`brokergraph serve`); the only module that pays for the HTTP
//   package (FlyingFox: sockets and HTTP/1.1 in plain Swift, no SwiftNIO; see README "serve").
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
        .library(name: "BrokerIdentity", targets: ["BrokerIdentity"]),
        // Reference implementations the tests check against and the benchmarks time (not the tool's).
        .library(name: "BrokerGraphReference", targets: ["BrokerGraphReference"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libpq: PostgreSQL's own client library (PG* variables, ~/.pgpass, sslmode, COPY; see README).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CGraphviz", pkgConfig: "libgvc", providers: [.apt(["libgraphviz-dev"])]),
        // zlib, to inflate the zip entries XLSX workbooks are made of.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "BrokerGraph"),
        .target(name: "BrokerCase", dependencies: ["BrokerGraph", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "BrokerInput", dependencies: ["BrokerCase", "BrokerGraph", "BrokerSheets", .product(name: "Yams", package: "Yams")]),
        .target(name: "BrokerOutput", dependencies: ["BrokerCase"]),
        .target(name: "BrokerStore", dependencies: ["BrokerCase", "BrokerGraph", "BrokerInput", "BrokerIdentity", "CSQLite", "CLibPQ"]),
        .target(name: "BrokerRender", dependencies: ["BrokerOutput", "CGraphviz"]),
        // Readers of workbooks and text as seized, kept below the case model so mappings can build on them.
        .target(name: "BrokerSheets", dependencies: ["CZlib"]),
        .target(name: "BrokerIdentity"),
        .target(name: "BrokerServe", dependencies: [
            "BrokerCase", "BrokerOutput", "BrokerRender", "BrokerStore", .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        .executableTarget(
            name: "BrokerGraphCLI",
            dependencies: [
                "BrokerGraph", "BrokerCase", "BrokerInput", "BrokerOutput", "BrokerStore", "BrokerRender", "BrokerServe",
                "BrokerIdentity",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "BrokerTestSupport", dependencies: ["BrokerCase"], path: "Tests/BrokerTestSupport"),
        .target(name: "BrokerGraphReference", dependencies: ["BrokerGraph"], path: "Tests/BrokerGraphReference"),
        .testTarget(name: "BrokerGraphTests", dependencies: ["BrokerGraph", "BrokerGraphReference"], exclude: ["Fixtures"]),
        .testTarget(name: "BrokerCaseTests", dependencies: ["BrokerCase", "BrokerTestSupport"]),
        .testTarget(name: "BrokerInputTests", dependencies: ["BrokerInput", "BrokerGraph"]),
        .testTarget(name: "BrokerOutputTests", dependencies: ["BrokerOutput", "BrokerTestSupport"]),
        .testTarget(name: "BrokerStoreTests", dependencies: ["BrokerStore", "BrokerIdentity", "BrokerTestSupport"], exclude: ["BadInput"]),
        .testTarget(name: "BrokerRenderTests", dependencies: ["BrokerRender", "BrokerTestSupport"]),
        .testTarget(name: "BrokerServeTests", dependencies: ["BrokerServe", "BrokerStore", "BrokerTestSupport"]),
        .testTarget(name: "BrokerGraphCLITests", dependencies: ["BrokerStore", "BrokerTestSupport"]),
        // Fixtures are written by real spreadsheet writers (Fixtures/make_fixtures.py).
        .testTarget(name: "BrokerSheetsTests", dependencies: ["BrokerSheets"], exclude: ["Fixtures"]),
        .testTarget(name: "BrokerIdentityTests", dependencies: ["BrokerIdentity"]),
    ]
)
