import ArgumentParser

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Draw the case with Graphviz.")
    func run() throws { throw CommandFailure(message: "not yet") }
}

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the whole job on the bundled sample case.")
    func run() throws { throw CommandFailure(message: "not yet") }
}
