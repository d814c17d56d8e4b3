/// P11: links leaving the site's allow-list, plain-http links, links to non-public addresses,
/// links the inspection found broken; P12: links to files of kinds a website should not offer.
enum LinkRules {
    /// What a page may link to as a download (P12): documents and images, nothing executable or packed.
    static let attachmentKinds: Set<String> = ["pdf", "ofd", "doc", "docx", "wps", "xls", "xlsx", "et", "txt", "jpg", "jpeg", "png", "gif"]
    /// Extensions that name a downloadable file rather than a page.
    static let fileKinds: Set<String> = [
        "exe", "msi", "bat", "cmd", "com", "scr", "apk", "jar", "js", "vbs", "ps1", "sh",
        "zip", "rar", "7z", "tar", "gz", "iso", "dmg", "ppt", "pptx", "ceb", "caj", "bmp", "tif",
        "tiff", "psd", "heic", "webp", "svg", "emf", "wmf", "mp3", "mp4", "avi", "wmv", "flv",
    ]
    /// Image formats every browser shows.
    static let webImageKinds: Set<String> = ["jpg", "jpeg", "png", "gif", "webp", "svg"]

    /// The extension of a link's path, lowercased ("" when none).
    static func fileExtension(_ link: String) -> String {
        let path = link.prefix { $0 != "?" && $0 != "#" }
        guard let last = path.split(separator: "/").last, let dot = last.lastIndex(of: ".") else { return "" }
        return String(last[last.index(after: dot)...]).lowercased()
    }

    static func findings(_ input: CheckInput, context: CheckContext) -> [Finding] {
        var result: [Finding] = []
        for link in Set(input.links).sorted() {
            if let note = context.brokenLinks[link] {
                result.append(
                    Finding(
                        rule: "link.broken", severity: .warn, start: 0, length: 0, matched: link,
                        message: "巡检发现此链接无法访问（\(note)），请修改或删除（依据 P11）", requirement: "P11"))
            }
            let ext = fileExtension(link)
            if fileKinds.contains(ext) && !attachmentKinds.contains(ext) {
                result.append(
                    Finding(
                        rule: "format.attachment-type", severity: .warn, start: 0, length: 0, matched: link,
                        message: "链接指向 .\(ext) 文件，政府网站附件应为 PDF、OFD、Word、Excel 或常见图片格式（依据 P12）",
                        requirement: "P12"))
            }
            let lower = link.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { continue }
            let rest = lower.drop { $0 != "/" }.dropFirst(2)
            let hostPort = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = String(hostPort.split(separator: "@").last?.split(separator: ":").first ?? "")
            let own = context.allowedDomains.contains { host == $0 || host.hasSuffix("." + $0) } || host.hasSuffix(".gov.cn") || host == "gov.cn"
            if isPrivate(host) {
                result.append(
                    Finding(
                        rule: "link.private", severity: .warn, start: 0, length: 0, matched: link,
                        message: "链接指向内网或本机地址，公众无法访问（依据 P11）", requirement: "P11"))
                continue
            }
            if !own {
                result.append(
                    Finding(
                        rule: "link.external", severity: .warn, start: 0, length: 0, matched: link,
                        message: "外部链接“\(host)”不在本站允许的域名内，请核实内容安全并提示用户离开本站（依据 P11）",
                        requirement: "P11"))
            } else if lower.hasPrefix("http://") {
                result.append(
                    Finding(
                        rule: "link.http", severity: .warn, start: 0, length: 0, matched: link,
                        message: "链接使用未加密的 http，建议改为 https（依据 P11）", requirement: "P11",
                        suggestion: "https://" + link.dropFirst(7)))
            }
        }
        return result
    }

    static func isPrivate(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".local") || host.hasSuffix(".internal") { return true }
        let parts = host.split(separator: ".").compactMap { Int($0) }
        guard parts.count == 4 else { return host.hasPrefix("[") }
        return parts[0] == 10 || parts[0] == 127 || (parts[0] == 192 && parts[1] == 168) || (parts[0] == 172 && (16...31).contains(parts[1]))
            || (parts[0] == 169 && parts[1] == 254) || parts[0] == 0
    }
}

/// P12 and the attachment half of the gate: images in formats browsers do not show or too large
/// for a web page, and the text of attached documents, checked like the item's own text.
enum AttachmentRules {
    static func findings(_ input: CheckInput, context: CheckContext, checkText: (String) -> [Finding]) -> [Finding] {
        var result: [Finding] = []
        for image in input.images {
            let ext = LinkRules.fileExtension(image.src)
            if !ext.isEmpty, !LinkRules.webImageKinds.contains(ext) {
                result.append(
                    Finding(
                        rule: "format.image-type", severity: .warn, start: 0, length: 0, matched: image.src,
                        message: ".\(ext) 图片在部分浏览器中无法显示，请转为 JPG 或 PNG（依据 P12）", requirement: "P12"))
            }
        }
        for file in input.attachments {
            if file.isImage {
                if file.size > context.imageByteLimit {
                    result.append(
                        Finding(
                            rule: "format.image-size", severity: .warn, start: 0, length: 0, matched: file.name,
                            message: "图片“\(file.name)”有 \(file.size / 1024) KB，超过本站上限 \(context.imageByteLimit / 1024) KB，页面打开会变慢，请压缩后再用（依据 P12）",
                            requirement: "P12"))
                }
                continue
            }
            guard let text = file.text else {
                result.append(
                    Finding(
                        rule: "attachment.unchecked", severity: .warn, start: 0, length: 0, matched: file.name,
                        message: "附件“\(file.name)”未检查：\(file.note)。请人工核对其中有无涉密和个人信息（依据 P3、P16）",
                        requirement: "P3", source: file.name))
                continue
            }
            for var f in checkText(text) {
                f.source = file.name
                result.append(f)
            }
        }
        return result
    }
}
