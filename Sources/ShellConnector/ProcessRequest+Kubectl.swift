extension ProcessRequest {
    /// A `kubectl` step: `kubectl --context C --namespace N ARGS…`, found on `PATH`.
    ///
    /// The runbook's context and namespace come first and the arguments may not override them:
    /// any flag that picks another context, namespace, cluster, server or kubeconfig, or all
    /// namespaces, is refused in every spelling (`--namespace x`, `--namespace=x`, `-n x`, `-nx`,
    /// `-A`, `-An`, …). Arguments after `--` belong to a remote command and are not checked.
    ///
    /// - Parameters:
    ///   - args: The rendered arguments.
    ///   - context: The runbook's `kubernetes.context`, or `nil` for kubectl's current context.
    ///   - namespace: The runbook's `kubernetes.namespace`, or `nil` for the context's default.
    /// - Returns: A request running `kubectl` from `PATH`.
    /// - Throws: ``ProcessError`` with code ``ProcessError/Code/invalidRequest`` naming the flag.
    public static func kubectl(
        args: [String],
        context: String?,
        namespace: String?
    ) throws(ProcessError)
        -> ProcessRequest
    {
        if let flag = KubectlFlagCheck.forbiddenFlag(in: args) {
            throw ProcessError(
                .invalidRequest,
                "kubectl steps may not set '\(flag)': the runbook's kubernetes context and namespace are enforced"
            )
        }
        var arguments: [String] = []
        if let context {
            guard !context.isEmpty else { throw ProcessError(.invalidRequest, "the kubernetes context is empty") }
            arguments += ["--context", context]
        }
        if let namespace {
            guard !namespace.isEmpty else { throw ProcessError(.invalidRequest, "the kubernetes namespace is empty") }
            arguments += ["--namespace", namespace]
        }
        return ProcessRequest(executable: .name("kubectl"), arguments: arguments + args)
    }
}
