import ArgumentParser
import RunbookCore

@main
struct Runbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Execute operations guides written as YAML.",
        version: "0.1.0",
        subcommands: []
    )
}
