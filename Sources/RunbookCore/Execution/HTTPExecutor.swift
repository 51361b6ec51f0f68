/// Sends the requests of `http` steps.
///
/// The engine renders every template and checks the URL's scheme before calling, so an executor sees only the
/// final request. Implemented over URLSession by the engine; tests inject their own.
public protocol HTTPExecutor: Sendable {
    /// Sends one request and returns the response, whatever its status.
    ///
    /// - Throws: Any error when no HTTP response came (refused, timed out, TLS); its description is shown
    ///   (redacted) in the step's failure. Cancellation of the calling task must abandon the request.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
