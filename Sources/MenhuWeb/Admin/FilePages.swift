import Foundation
import Hummingbird
import MenhuCore
import MenhuImport
import MenhuStore

/// Attachments and images (P12): upload, list, and the public `/files/{id}/{name}` address.
struct FilePages: Sendable {
    let env: WebEnvironment
    let layout: AdminLayout

    var endpoints: [AdminEndpoint] {
        [
            AdminEndpoint.site(.get, .files(site: .route), .withinSite([.editContent])) { r in
                try await list(r, errors: FieldErrors(), status: .ok)
            },
            AdminEndpoint.site(.post, .files(site: .route), .withinSite([.editContent])) { r in try await upload(r) },
        ]
    }

    func list(_ r: SiteAdminRequest, errors: FieldErrors, status: HTTPResponse.Status) async throws -> Response {
        let site = r.site
        let (files, rule) = try await env.database.read { db in
            (try await FileRecords.list(siteID: site.id, on: db), try await ImageRuleRecords.rule(siteID: site.id, on: db))
        }
        let view = FilesView(
            site: SiteRef(site), imageRule: rule.map { "\($0.text)（\($0.ratio)）" },
            files: files.map { f in
                FilesView.File(
                    name: f.name, url: f.path, kind: f.kind.rawValue.uppercased(), image: f.kind.isImage,
                    size: max(1, f.size / 1024), caption: f.caption, by: f.uploadedBy, at: ChinaTime.minute(f.createdAt),
                    dimensions: f.width.flatMap { w in f.height.map { "\(w)×\($0)" } },
                    advice: rule.flatMap { rule in f.width.flatMap { w in f.height.flatMap { rule.advice(width: w, height: $0) } } })
            })
        return layout.page(r, .files, title: "附件与图片", view, form: FormState(r.form, errors), status: status)
    }

    func upload(_ r: SiteAdminRequest) async throws -> Response {
        let site = r.site
        let wantsJSON = (r.request.headers[.accept] ?? "").contains("application/json")
        guard let file = r.files.first(where: { $0.field == "file" }) else {
            let errors = FieldErrors.single("file", "请选择要上传的文件")
            return wantsJSON
                ? PushAPI.problem(.unprocessableContent, "invalid", "请选择要上传的文件", fields: errors)
                : try await list(r, errors: errors, status: .unprocessableContent)
        }
        do {
            // A zip bomb is refused before anything reads it (it would inflate to gigabytes).
            if let kind = FileKind.detect(file.data, name: file.fileName), kind == .docx || kind == .xlsx {
                do { try OfficePackage.check(file.data) } catch let problem as PackageError {
                    throw FieldErrors.single("file", problem.description)
                }
            }
            let extracted = Self.text(of: file.data, name: file.fileName)
            let stored = try await env.files.upload(
                file.data, name: file.fileName, caption: r.form["caption"] ?? "", siteID: site.id,
                by: r.actor, extracted: extracted)
            if wantsJSON {
                var body: [String: any Sendable] = [
                    "url": stored.path, "name": stored.name, "caption": stored.caption,
                    "image": stored.kind.isImage,
                ]
                let rule = try await env.database.read { db in try await ImageRuleRecords.rule(siteID: site.id, on: db) }
                if let w = stored.width, let h = stored.height, let advice = rule?.advice(width: w, height: h) {
                    body["advice"] = advice
                } else if !stored.kind.isImage && extracted.text == nil {
                    body["advice"] = "附件“\(stored.name)”未检查：\(extracted.note)。请人工核对其中有无涉密和个人信息（依据 P3、P16）"
                }
                return Reply.json(body, status: .created)
            }
            return Reply.redirect(AdminURL.files(site: site.code).notice("file-uploaded"))
        } catch let errors as FieldErrors {
            return wantsJSON
                ? PushAPI.problem(.unprocessableContent, "invalid", errors.problems.map(\.message).joined(separator: "；"), fields: errors)
                : try await list(r, errors: errors, status: .unprocessableContent)
        }
    }

    /// The text the content gate will check in an upload (nothing when the upload will be refused).
    static func text(of data: Data, name: String) -> FileText.Extracted {
        FileKind.detect(data, name: name).map { TextExtractor.extract(data, kind: $0) } ?? .init(text: nil, note: "")
    }

    /// `/files/{id}/{name}`: images inline, documents as downloads; never sniffed, cached for good.
    static func register(on router: Router<MenhuRequestContext>, env: WebEnvironment) {
        router.get("/files/:id/:name") { _, context in
            let id = context.parameters.get("id") ?? ""
            guard let (file, data) = try await env.database.read({ db in try await FileRecords.find(id: id, on: db) }) else {
                return Reply.text("Not Found", contentType: "text/plain; charset=utf-8", status: .notFound)
            }
            let encoded = file.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
            var headers: HTTPFields = [
                .contentType: file.kind.contentType, .cacheControl: "public, max-age=31536000, immutable",
                .contentDisposition: "\(file.kind.isImage ? "inline" : "attachment"); filename*=UTF-8''\(encoded)",
            ]
            headers[.eTag] = "\"\(file.sha256)\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// files.mustache: a site's attachments and images, and the upload form.
struct FilesView {
    struct File {
        let name: String, url: String, kind: String, image: Bool, size: Int, caption: String, by: String, at: String
        let dimensions: String?
        /// P12: what to change about an image that is too small or too large.
        let advice: String?
    }
    let site: SiteRef
    /// P12: the picture size the site asks for, if it asks.
    let imageRule: String?
    let files: [File]
}
