/// The rules the platform carries out, as people know them: what each says, and where (the
/// regulation and article). Numbered like ../shared/REQUIREMENTS.md; the admin shows the citation,
/// never the bare number.
public enum RuleBasis {
    /// One rule: its number, what it says, and the regulations and articles it comes from.
    public struct Rule: Sendable {
        public let id: String
        public let gist: String
        public let sources: [String]
    }

    /// Every rule, in the catalogue's order.
    public static let all: [Rule] = [
        Rule(id: "S1", gist: "一个集约化平台承载门户网站和各单位子网站，各有栏目、主题和人员", sources: ["《门户网站管理规定（试行稿）》第三条", "《永州市政府网站建设管理办法》第五条"]),
        Rule(id: "S2", gist: "网站登记主办单位、承办单位、网站标识码、ICP备案号、公安机关备案号、域名、负责人和联系方式，并在页脚公示", sources: ["《永州市政府网站建设管理办法》第十条、第十四条、第十八条"]),
        Rule(id: "S3", gist: "网站开设、临时下线（每年不超过1次、不超过30天）、迁移和关停须经审批，留有理由和日期", sources: ["《永州市政府网站建设管理办法》第十二条、第十三条"]),
        Rule(id: "S4", gist: "主办单位、负责人、联系方式、域名、栏目结构等变更须备案", sources: ["《永州市政府网站建设管理办法》第十四条"]),
        Rule(id: "S5", gist: "归档页面保留可访问并标注“已归档”和归档日期；无力维护的栏目归档而不删除", sources: ["《永州市政府网站建设管理办法》第十五条、第十九条"]),
        Rule(id: "S6", gist: "专题专栏建在网站内，不另开网站", sources: ["《永州市政府网站建设管理办法》第八条、第二十一条"]),
        Rule(
            id: "O1", gist: "栏目明确责任单位（处室），内容保障责任分解表列明更新频率、内容和质量要求",
            sources: ["《永州市政府网站建设管理办法》第十八条", "《办公室网站管理办法》第十一条", "《门户网站管理规定（试行稿）》第十六条", "《关于加强市政网站管理的通知》"]),
        Rule(
            id: "O2", gist: "设网站管理员、信息员、审核、签发、处室负责人、分管领导、领导小组、技术运维等角色",
            sources: ["《门户网站管理办法》第十一条、第十四条", "《门户网站管理规定（试行稿）》第十三条", "《永州市政府网站建设管理办法》第十九条"]),
        Rule(id: "O3", gist: "编辑、审核、签发权限分离，任何人不得审核、签发自己的稿件", sources: ["《永州市政府网站建设管理办法》第十九条第（二）项"]),
        Rule(id: "O4", gist: "人员到岗当天开通账号、离岗当天注销账号，变更留有记录", sources: ["《永州市政府网站建设管理办法》第十九条第（二）项、第二十一条第（一）项"]),
        Rule(id: "O5", gist: "只有被授权的人员才能维护本处室的栏目", sources: ["《门户网站管理办法》第二十四条"]),
        Rule(id: "O6", gist: "账号初始密码须及时修改并定期更换，不得外泄", sources: ["《永州市政府网站建设管理办法》第七条", "《办公室网站管理办法》第二十条", "《门户网站管理办法》第二十二条"]),
        Rule(id: "P1", gist: "信息发布实行“三审”：编辑、审核、签发，任一环节发现问题即退回并说明理由", sources: ["《永州市政府网站建设管理办法》第十九条第（三）项"]),
        Rule(id: "P2", gist: "按重要程度逐级审批：一般信息处室负责人签发，重要信息报分管领导，重大信息报领导小组", sources: ["《门户网站管理办法》第十四条", "《门户网站管理规定（试行稿）》第十三条", "《办公室网站管理办法》第十四条"]),
        Rule(id: "P3", gist: "涉密信息、内部信息、请示报告和平行机关来往函件等不得上网", sources: ["《办公室网站管理办法》第十九条", "《门户网站管理办法》第十六条", "《永州市政府网站建设管理办法》第二十一条"]),
        Rule(id: "P4", gist: "转载信息须注明原作者和来源，并经内容和保密审查", sources: ["《门户网站管理规定（试行稿）》第十三条", "《永州市政府网站建设管理办法》第十九条第（三）项"]),
        Rule(id: "P5", gist: "全局性通知公告由办公室统一发布", sources: ["《门户网站管理规定（试行稿）》第十三条"]),
        Rule(id: "P6", gist: "已发布的信息逐条登记备案，记录撰稿、审核、签发人员，不可修改", sources: ["《门户网站管理规定（试行稿）》第十三条第（四）项"]),
        Rule(id: "P7", gist: "多个处室共同办理的信息由牵头处室负责", sources: ["《门户网站管理办法》第十四条"]),
        Rule(id: "P8", gist: "工作完成后3日内发布；上级重要政策12小时内转载", sources: ["《门户网站管理办法》第十七条", "《永州市政府网站建设管理办法》第十九条第（三）项", "《关于加强市政网站管理的通知》"]),
        Rule(id: "P9", gist: "业务系统推送的信息在上游已完成编审签，须如实记录", sources: ["《永州市政府网站建设管理办法》第十九条第（三）项"]),
        Rule(id: "P10", gist: "信息员完整填写元数据和标签，使用规范汉字，不得有繁体字、异体字和错别字", sources: ["《永州市政府网站建设管理办法》第十九条第（三）项"]),
        Rule(id: "P11", gist: "审核人员检查内容、外部链接（合规与安全）和保密", sources: ["《永州市政府网站建设管理办法》第十九条第（三）项"]),
        Rule(id: "P12", gist: "不得重复标题，正文格式统一，放入正确栏目；图片使用网页格式并配说明文字", sources: ["《门户网站管理办法》第十五条", "《办公室网站管理办法》第十七条"]),
        Rule(id: "P13", gist: "处室可将信息交办公室发布，注明处室、日期、内容、来源、形式和要求", sources: ["《门户网站管理办法》第十八条"]),
        Rule(id: "P14", gist: "各处室每月至少报送一条信息，报送和采用情况纳入统计", sources: ["《办公室网站管理办法》第十六条", "《关于加强市政网站管理的通知》"]),
        Rule(id: "P15", gist: "静态信息发生变化时及时更新替换", sources: ["《永州市政府网站建设管理办法》第十九条第（四）项"]),
        Rule(id: "P16", gist: "不得公开个人隐私和商业秘密", sources: ["《永州市政府网站建设管理办法》第二十一条第（二）项"]),
        Rule(id: "F1", gist: "按栏目规定的频率更新：要闻每日、业务栏目每周、按月或按固定日期", sources: ["《门户网站管理规定（试行稿）》第十四条"]),
        Rule(id: "F2", gist: "栏目未按时更新即提醒责任单位，屡次未更新的记入考核", sources: ["《门户网站管理办法》第二十七条第（五）项"]),
        Rule(
            id: "I1", gist: "设在线咨询、投诉举报、局长信箱、建言献策、网站找错、满意度调查、征集调查、在线访谈等渠道",
            sources: ["《门户网站管理规定（试行稿）》第十五条", "《办公室网站管理办法》第十一条", "《永州市政府网站建设管理办法》第十九条第（五）项"]),
        Rule(id: "I2", gist: "留言3个工作日内转办，5个工作日内答复", sources: ["《门户网站管理规定（试行稿）》第十五条"]),
        Rule(id: "I3", gist: "网站找错1个工作日内答复；平台0.5个工作日内完成初审", sources: ["《永州市政府网站建设管理办法》第十九条第（五）项、第二十条第（四）项"]),
        Rule(id: "I4", gist: "公众提交的内容经网站管理员审核后方可公开", sources: ["《门户网站管理办法》第二十三条"]),
        Rule(id: "I5", gist: "各渠道公布的联系方式保持准确", sources: ["《门户网站管理办法》第十九条"]),
        Rule(id: "I6", gist: "事项按信箱程序办理，并公开办理结果", sources: ["《办公室网站管理办法》第十一条"]),
        Rule(id: "I7", gist: "依申请公开按法定时限登记、审核、办理、答复，并计入年度报告", sources: ["《中华人民共和国政府信息公开条例》第二十九条至第四十五条、第四十九条至第五十条"]),
        Rule(id: "M1", gist: "每日巡查可用性、链接、栏目更新和内容质量；值班人员读网并记录", sources: ["《永州市政府网站建设管理办法》第十九条第（四）项"]),
        Rule(id: "M2", gist: "每季度对所有网站抽查，结果在门户网站公开", sources: ["《永州市政府网站建设管理办法》第二十条第（三）项", "《关于加强市政网站管理的通知》"]),
        Rule(id: "M3", gist: "引起公众关注或上级通报的问题及时报告分管领导和平台", sources: ["《永州市政府网站建设管理办法》第十九条第（四）项"]),
        Rule(id: "M4", gist: "安全监测、预警和应急处置", sources: ["《永州市政府网站建设管理办法》第二十条第（二）项"]),
        Rule(id: "M5", gist: "按全国检查指标每日计算单项否决指标，未触发前预警", sources: ["《永州市政府网站建设管理办法》第二十条", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"]),
        Rule(id: "A1", gist: "按处室和个人考核栏目信息的数量、质量、时效、准确性和规范性，定期通报，年度评优", sources: ["《门户网站管理办法》第二十五条、第二十六条"]),
        Rule(id: "A2", gist: "泄密、擅自发布、虚假或差错信息、漏发重要信息、栏目长期不更新等问题记录在案", sources: ["《门户网站管理办法》第二十七条"]),
        Rule(id: "A3", gist: "年度考核按平台管理员设定的评分办法进行", sources: ["《永州市政府网站建设管理办法》第二十二条", "《办公室网站管理办法》第二十一条"]),
        Rule(id: "A4", gist: "网站工作年度报表于1月31日前公开", sources: ["《永州市政府网站建设管理办法》第十九条第（七）项"]),
        Rule(id: "A5", gist: "各单位报送、采用和互动办理情况定期公布", sources: ["《关于加强市政网站管理的通知》"]),
        Rule(id: "X1", gist: "保留系统日志，发现和阻止攻击，定期备份并能及时恢复", sources: ["《门户网站管理办法》第二十条"]),
        Rule(id: "X2", gist: "网站管理员可立即撤下任何信息（临时性处置），理由留档", sources: ["《门户网站管理办法》第二十三条"]),
        Rule(id: "X3", gist: "安全事件按等级记录和报告", sources: ["《门户网站管理办法》第二十三条"]),
        Rule(id: "X4", gist: "涉密信息不得进入系统", sources: ["《门户网站管理办法》第二十一条"]),
        Rule(id: "X5", gist: "账号、平台运行、改版和数据保护的管理制度成文并与系统一致", sources: ["《永州市政府网站建设管理办法》第二十条第（二）项"]),
        Rule(id: "W1", gist: "设政务公开、政策文件、工作动态、通知公告、业务指南、专题、在线交流、政府信息公开等栏目", sources: ["《办公室网站管理办法》第九条", "《门户网站管理规定（试行稿）》第十六条"]),
        Rule(id: "W2", gist: "页面符合政府网站页面设计规范：页头页脚标识、无障碍、适配手机", sources: ["《永州市政府网站建设管理办法》第二十四条"]),
        Rule(id: "W3", gist: "每个页面设“找错”入口", sources: ["《永州市政府网站建设管理办法》第十九条第（五）项"]),
        Rule(id: "W4", gist: "可开设外文版网站", sources: ["《永州市政府网站建设管理办法》第十九条第（二）项"]),
        Rule(
            id: "W5", gist: "办事指南包含事项名称、设定依据、申请条件、办理材料等十项要素及表格",
            sources: ["《门户网站管理规定（试行稿）》第十六条", "《办公室网站管理办法》第九条", "《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）"]),
    ]

    /// The rules by number.
    public static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    /// Where rules come from, as people cite them (“《永州市政府网站建设管理办法》第十九条第（三）项”),
    /// in the order given; an unknown number is left out.
    public static func cite(_ ids: [String]) -> String {
        var seen: Set<String> = []
        return ids.compactMap { byID[$0] }.flatMap(\.sources).filter { seen.insert($0).inserted }.joined(separator: "、")
    }

    /// `cite` of one rule.
    public static func cite(_ id: String) -> String { cite([id]) }

    /// “依据” followed by rule numbers, joined by 、 or commas.
    nonisolated(unsafe) public static let citation = #/依据 ?(?<ids>[A-Z][0-9]{1,2}(?:[、，,] ?[A-Z][0-9]{1,2})*)/#

    /// The first regulation and article of the rules, and “等” when there are more.
    public static func short(_ ids: [String]) -> String {
        let all = RuleBasis.cite(ids).components(separatedBy: "、《")
        guard let first = all.first, !first.isEmpty else { return ids.joined(separator: "、") }
        return first + (all.count > 1 ? "等" : "")
    }

    /// What the rules say and where, for a tooltip.
    public static func explanation(_ ids: [String]) -> String {
        ids.compactMap { RuleBasis.byID[$0] }.map { "\($0.gist)（\($0.sources.joined(separator: "、"))）" }.joined(separator: "；")
    }

    /// The rule numbers of a citation.
    public static func ids(_ text: Substring) -> [String] {
        text.split(whereSeparator: { "、，, ".contains($0) }).map(String.init)
    }

    /// Plain text (messages, JSON for the editor's panel): “依据 P10” → “依据《…》第十九条第（三）项”.
    public static func plainText(_ text: String) -> String {
        guard text.contains("依据") else { return text }
        return text.replacing(citation) { match in "依据" + short(ids(match.output.ids)) }
    }

}
