import AigaqPublishing
import Foundation
import Hummingbird

/// The style sheet and the workspace's script, read once from the bundle.
/// The charts' styles are those reports print with (`ChartFigure.css`),
/// appended to the site's sheet rather than copied into it.
struct StaticRoutes {
    static let files: [String: (type: String, body: ByteBuffer, etag: String)] = {
        var out: [String: (String, ByteBuffer, String)] = [:]
        for (name, type) in [("site.css", "text/css; charset=utf-8"), ("workspace.js", "text/javascript; charset=utf-8")] {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "static"),
                  var data = try? Data(contentsOf: url) else { continue }
            if name == "site.css" { data.append(Data(("\n/* Charts, as in reports */\n" + ChartFigure.css + "\n").utf8)) }
            out[name] = (type, ByteBuffer(bytes: data), PageCache.etag(data))
        }
        return out
    }()

    func add(to router: Router<WebContext>) {
        router.get("/static/:name") { request, context in
            let name = try context.parameters.require("name")
            guard let file = Self.files[name] else { throw WebError.notFound("file \(name)") }
            if request.headers[.ifNoneMatch] == file.etag {
                return Response(status: .notModified, headers: [.eTag: file.etag])
            }
            return Response(status: .ok, headers: [.contentType: file.type, .eTag: file.etag, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: file.body))
        }
    }
}
