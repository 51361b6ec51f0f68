/// Runs `body`, then awaits `cleanup` whether `body` returned or threw: a `defer` whose cleanup may await (a
/// `defer` body cannot).
public func withCleanup<T>(
    _ body: () async throws -> T,
    cleanup: () async -> Void
) async throws -> T {
    let result: T
    do {
        result = try await body()
    } catch {
        await cleanup()
        throw error
    }
    await cleanup()
    return result
}
