/// A diagnostic can be the failure of a `Result`, as in `TypeEnvironment`'s resolver.
extension Diagnostic: Error {}
