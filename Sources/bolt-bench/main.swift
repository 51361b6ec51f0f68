import BoltClient
import Foundation
func log(_ items: Any...) { FileHandle.standardError.write((items.map { "\($0)" }.joined(separator: " ") + "\n").data(using: .utf8)!) }


let config = try BoltConfiguration(url: "bolt://127.0.0.1:7687", auth: .basic(user: "falkordb", password: ""))
let c = try await BoltConnection.connect(to: config)
log(try await c.run("RETURN 1").records)
log("system rc", system("bash scripts/bolt-server.sh restart >/dev/null 2>&1"))
log("restarted; closed?", c.isClosed)
try await Task.sleep(for: .milliseconds(200))
log("closed?", c.isClosed)
do { log(try await c.run("RETURN 2").records) } catch { log("error", error) }
log("connecting")
let d = try await BoltConnection.connect(to: config)
log("connected")
log(try await d.run("RETURN 3").records)
