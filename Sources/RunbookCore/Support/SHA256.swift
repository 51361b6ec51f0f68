import CLibCrypto

/// SHA-256 (FIPS 180-4) computed by the system's libcrypto (OpenSSL's EVP interface): pure computation, no I/O.
///
/// Use the one-shot helpers (`hash`, `hex`) or the incremental API:
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(part1)
/// hasher.update(part2)
/// let digest = hasher.finalize()
/// ```
///
/// A hasher is a value: a copy continues independently of the original.
public struct SHA256: Sendable {
    /// The size of a digest in bytes.
    public static let digestByteCount = 32

    private var context: DigestContext

    /// Creates a hasher with the initial state.
    public init() {
        context = DigestContext()
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        let done: Void? = bytes.withContiguousStorageIfAvailable { context.update($0) }
        if done == nil { Array(bytes).withUnsafeBufferPointer { context.update($0) } }
    }

    /// Finishes the message and returns the 32-byte digest.
    ///
    /// The hasher is reset to its initial state afterwards, ready for a new message.
    public mutating func finalize() -> [UInt8] {
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        return context.finish()
    }

    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let digest: [UInt8]? = bytes.withContiguousStorageIfAvailable(oneShot)
        return digest ?? Array(bytes).withUnsafeBufferPointer(oneShot)
    }

    /// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal digits.
    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        hexString(hash(bytes))
    }

    /// The SHA-256 digest of the UTF-8 encoding of `string`, as 64 lowercase hexadecimal digits.
    public static func hex(of string: String) -> String {
        hex(string.utf8)
    }

    /// Lowercase hexadecimal text of arbitrary bytes (two digits per byte).
    public static func hexString(_ bytes: some Collection<UInt8>) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func oneShot(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: digestByteCount)
        var length: UInt32 = 0
        let ok = withBase(buffer) { base in EVP_Digest(base, buffer.count, &digest, &length, sha256, nil) }
        precondition(ok == 1 && length == digestByteCount, "libcrypto's SHA-256 failed")
        return digest
    }
}

/// An `EVP_MD_CTX` set up for SHA-256; mutated only while one `SHA256` value holds it (copied on write).
private final class DigestContext: @unchecked Sendable {
    private let context: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("libcrypto could not allocate a digest context") }
        self.context = context
        reset()
    }

    private init(copying other: DigestContext) {
        guard let context = EVP_MD_CTX_new(), EVP_MD_CTX_copy_ex(context, other.context) == 1 else {
            fatalError("libcrypto could not copy a digest context")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    func copy() -> DigestContext { DigestContext(copying: self) }

    func update(_ buffer: UnsafeBufferPointer<UInt8>) {
        let ok = withBase(buffer) { base in EVP_DigestUpdate(context, base, buffer.count) }
        precondition(ok == 1, "libcrypto's SHA-256 update failed")
    }

    /// The digest of what was added; the context starts over.
    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: SHA256.digestByteCount)
        var length: UInt32 = 0
        precondition(EVP_DigestFinal_ex(context, &digest, &length) == 1, "libcrypto's SHA-256 failed")
        reset()
        return digest
    }

    private func reset() {
        precondition(EVP_DigestInit_ex(context, sha256, nil) == 1, "libcrypto has no SHA-256")
    }
}

/// SHA-256 fetched once from libcrypto's default provider (an implicit fetch on every call costs a lookup).
nonisolated(unsafe) private let sha256: OpaquePointer = {
    guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("libcrypto has no SHA-256") }
    return md
}()

/// Calls `body` with the buffer's start, or with a valid pointer for an empty buffer (libcrypto wants non-NULL).
private func withBase<R>(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeRawPointer) -> R) -> R {
    if let base = buffer.baseAddress { return body(UnsafeRawPointer(base)) }
    var empty: UInt8 = 0
    return withUnsafePointer(to: &empty) { body(UnsafeRawPointer($0)) }
}
