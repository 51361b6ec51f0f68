/// Maps journal times to x positions, squeezing long idle gaps (a run stopped overnight and resumed)
/// so that the steps stay readable.
///
/// A gap counts as idle when no attempt is open during it; one longer than `minimumGapMs` and than
/// `gapShare` of the whole span is drawn `squeezedShare` of the busy time wide and labelled.
struct TimelineScale {
    /// A squeezed gap: its real bounds.
    struct Gap {
        var startMs: Int64
        var endMs: Int64
    }

    /// Real time to display time at the breakpoints, in order.
    private var breakpoints: [(real: Int64, shown: Double)] = []
    /// Gaps that were squeezed.
    private(set) var gaps: [Gap] = []
    let startMs: Int64
    let endMs: Int64

    init(
        timeline: RunTimeline,
        minimumGapMs: Int64 = 10_000,
        gapShare: Double = 0.2,
        squeezedShare: Double = 0.04
    ) {
        startMs = timeline.startMs ?? 0
        endMs = max(timeline.endMs ?? startMs, startMs + 1)
        var busy: [(Int64, Int64)] = timeline.attempts.compactMap { a in
            a.startMs.map { ($0, max(a.endMs ?? $0, $0)) }
        }
        busy.sort { $0.0 < $1.0 }
        var cursor = startMs
        let span = endMs - startMs
        for (s, e) in busy {
            if s - cursor > minimumGapMs, Double(s - cursor) > Double(span) * gapShare {
                gaps.append(Gap(startMs: cursor, endMs: s))
            }
            cursor = max(cursor, e)
        }
        if endMs - cursor > minimumGapMs, Double(endMs - cursor) > Double(span) * gapShare {
            gaps.append(Gap(startMs: cursor, endMs: endMs))
        }
        let idle = gaps.reduce(Int64(0)) { $0 + $1.endMs - $1.startMs }
        let squeezed = max(Double(span - idle) * squeezedShare, 1)
        var shown = 0.0
        var last = startMs
        breakpoints.append((startMs, 0))
        for g in gaps {
            shown += Double(g.startMs - last)
            breakpoints.append((g.startMs, shown))
            shown += squeezed
            breakpoints.append((g.endMs, shown))
            last = g.endMs
        }
        shown += Double(endMs - last)
        breakpoints.append((endMs, shown))
    }

    /// The display length of the whole run.
    var shownSpan: Double { max(breakpoints.last?.shown ?? 1, 1) }

    /// Display time of a real time.
    func shown(_ ms: Int64) -> Double {
        guard let first = breakpoints.first else { return 0 }
        if ms <= first.real { return 0 }
        for (a, b) in zip(breakpoints, breakpoints.dropFirst()) where ms <= b.real {
            let width = Double(b.real - a.real)
            return width <= 0 ? b.shown : a.shown + (b.shown - a.shown) * Double(ms - a.real) / width
        }
        return shownSpan
    }

    /// Real offset from the start of a display time (for axis labels).
    func realOffset(_ shown: Double) -> Int64 {
        for (a, b) in zip(breakpoints, breakpoints.dropFirst()) where shown <= b.shown {
            let width = b.shown - a.shown
            let real =
                width <= 0 ? Double(b.real) : Double(a.real) + Double(b.real - a.real) * (shown - a.shown) / width
            return Int64(real.rounded()) - startMs
        }
        return endMs - startMs
    }
}
