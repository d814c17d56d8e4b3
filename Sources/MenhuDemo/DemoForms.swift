import Foundation
import MenhuImport

/// 下载中心 (14.20): the demo's forms as real files, made at seeding: a form with fields as a
/// .docx or a one-page .pdf (a table to fill in), a statistics form with columns as an .xlsx.
enum DemoForms {
    /// The file of `form` and its text (what the content gate reads from it).
    static func make(_ form: DemoWriting.Form) throws -> (data: Data, text: String) {
        let notes = ["填写说明：\(form.notes)", "报送方式：\(form.submit)"]
        let fields = form.fields ?? form.columns ?? []
        let text = ([form.title] + fields + notes).joined(separator: "\n")
        switch form.kind {
        case "xlsx":
            return (try OfficeWriter.xlsx(sheet: form.title, title: form.title, columns: fields), text)
        case "pdf":
            return (PDFFile(title: form.title, fields: fields, notes: notes).data, text)
        default:
            return (try OfficeWriter.docx(title: form.title, fields: fields, notes: notes), text)
        }
    }
}
