import ArgumentParser

/// `-p name=value`, shared by plan and run.
struct ParamOptions: ParsableArguments {
    @Option(name: [.customShort("p"), .customLong("param")], help: "Set a parameter: -p name=value (repeatable).")
    var assignments: [String] = []
}
