import RunbookCore

/// The driver's one way into the journal: redacted, folded into the machine, heard by the observers.
extension RunDriver {
    /// Appends an event given as type and data (read as its record, so it is written exactly as the record writes).
    @discardableResult
    func append(_ type: String, _ data: Value) async throws -> JournalEvent {
        try await append(JournalRecord(type: type, data: data))
    }

    /// Appends a record (durable before returning), folds it into the machine and tells the observers.
    @discardableResult
    func append(_ record: JournalRecord) async throws -> JournalEvent {
        let event = try await journal.append(record, redactor: redactor)
        machine.apply(event)
        for observer in effects.observers { observer.observe(event) }
        try await journalObserverRecords()
        return event
    }

    /// Journals what the observers asked to record (and prints their lines); the driver stays the only writer.
    func journalObserverRecords() async throws {
        guard !drainingRecords else { return }
        drainingRecords = true
        defer { drainingRecords = false }
        for observer in effects.observers {
            for record in observer.records() {
                try await append(record.type, record.data)
                if let line = record.line { terminal.line(line) }
            }
        }
    }

    /// Lets every observer deliver what it queued (each bounds its own wait).
    func finishObservers() async {
        for observer in effects.observers { await observer.finish() }
        try? await journalObserverRecords()
    }
}
