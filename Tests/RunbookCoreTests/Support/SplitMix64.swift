import RunbookTestSupport

/// The seeded generator the randomized tests share (one definition, in RunbookTestSupport).
typealias SplitMix64 = RunbookTestSupport.SplitMix64
