#!/usr/bin/env python3
# Generates Sources/MenhuCore/Platform/RuleBasis.swift: every rule of ../shared/REQUIREMENTS.md with a
# one-line summary in Chinese (below) and its sources as people cite them (the regulation and article,
# from the catalogue's "002 §19(三)" references). Run from the repository, then format it:
#   scripts/generate-rule-basis.py && swift format -i Sources/MenhuCore/Platform/RuleBasis.swift
import os, re, sys
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REQ = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'REQUIREMENTS.md')
OUT = os.path.join(ROOT, 'Sources', 'MenhuCore', 'Platform', 'RuleBasis.swift')
docs={'000':'《门户网站管理规定（试行稿）》','001':'《办公室网站管理办法》','002':'《永州市政府网站建设管理办法》','003':'《门户网站管理办法》','004':'《关于加强市政网站管理的通知》'}
num='零一二三四五六七八九'
def cn(n):
    n=int(n)
    if n<10: return num[n]
    if n<20: return '十'+(num[n-10] if n>10 else '')
    t,u=divmod(n,10)
    return num[t]+'十'+(num[u] if u else '')
gist={
'S1':'一个集约化平台承载门户网站和各单位子网站，各有栏目、主题和人员',
'S2':'网站登记主办单位、承办单位、网站标识码、ICP备案号、公安机关备案号、域名、负责人和联系方式，并在页脚公示',
'S3':'网站开设、临时下线（每年不超过1次、不超过30天）、迁移和关停须经审批，留有理由和日期',
'S4':'主办单位、负责人、联系方式、域名、栏目结构等变更须备案',
'S5':'归档页面保留可访问并标注“已归档”和归档日期；无力维护的栏目归档而不删除',
'S6':'专题专栏建在网站内，不另开网站',
'O1':'栏目明确责任单位（处室），内容保障责任分解表列明更新频率、内容和质量要求',
'O2':'设网站管理员、信息员、审核、签发、处室负责人、分管领导、领导小组、技术运维等角色',
'O3':'编辑、审核、签发权限分离，任何人不得审核、签发自己的稿件',
'O4':'人员到岗当天开通账号、离岗当天注销账号，变更留有记录',
'O5':'只有被授权的人员才能维护本处室的栏目',
'O6':'账号初始密码须及时修改并定期更换，不得外泄',
'P1':'信息发布实行“三审”：编辑、审核、签发，任一环节发现问题即退回并说明理由',
'P2':'按重要程度逐级审批：一般信息处室负责人签发，重要信息报分管领导，重大信息报领导小组',
'P3':'涉密信息、内部信息、请示报告和平行机关来往函件等不得上网',
'P4':'转载信息须注明原作者和来源，并经内容和保密审查',
'P5':'全局性通知公告由办公室统一发布',
'P6':'已发布的信息逐条登记备案，记录撰稿、审核、签发人员，不可修改',
'P7':'多个处室共同办理的信息由牵头处室负责',
'P8':'工作完成后3日内发布；上级重要政策12小时内转载',
'P9':'业务系统推送的信息在上游已完成编审签，须如实记录',
'P10':'信息员完整填写元数据和标签，使用规范汉字，不得有繁体字、异体字和错别字',
'P11':'审核人员检查内容、外部链接（合规与安全）和保密',
'P12':'不得重复标题，正文格式统一，放入正确栏目；图片使用网页格式并配说明文字',
'P13':'处室可将信息交办公室发布，注明处室、日期、内容、来源、形式和要求',
'P14':'各处室每月至少报送一条信息，报送和采用情况纳入统计',
'P15':'静态信息发生变化时及时更新替换',
'P16':'不得公开个人隐私和商业秘密',
'F1':'按栏目规定的频率更新：要闻每日、业务栏目每周、按月或按固定日期',
'F2':'栏目未按时更新即提醒责任单位，屡次未更新的记入考核',
'I1':'设在线咨询、投诉举报、局长信箱、建言献策、网站找错、满意度调查、征集调查、在线访谈等渠道',
'I2':'留言3个工作日内转办，5个工作日内答复',
'I3':'网站找错1个工作日内答复；平台0.5个工作日内完成初审',
'I4':'公众提交的内容经网站管理员审核后方可公开',
'I5':'各渠道公布的联系方式保持准确',
'I6':'事项按信箱程序办理，并公开办理结果',
'I7':'依申请公开按法定时限登记、审核、办理、答复，并计入年度报告',
'M1':'每日巡查可用性、链接、栏目更新和内容质量；值班人员读网并记录',
'M2':'每季度对所有网站抽查，结果在门户网站公开',
'M3':'引起公众关注或上级通报的问题及时报告分管领导和平台',
'M4':'安全监测、预警和应急处置',
'M5':'按全国检查指标每日计算单项否决指标，未触发前预警',
'A1':'按处室和个人考核栏目信息的数量、质量、时效、准确性和规范性，定期通报，年度评优',
'A2':'泄密、擅自发布、虚假或差错信息、漏发重要信息、栏目长期不更新等问题记录在案',
'A3':'年度考核按平台管理员设定的评分办法进行',
'A4':'网站工作年度报表于1月31日前公开',
'A5':'各单位报送、采用和互动办理情况定期公布',
'X1':'保留系统日志，发现和阻止攻击，定期备份并能及时恢复',
'X2':'网站管理员可立即撤下任何信息（临时性处置），理由留档',
'X3':'安全事件按等级记录和报告',
'X4':'涉密信息不得进入系统',
'X5':'账号、平台运行、改版和数据保护的管理制度成文并与系统一致',
'W1':'设政务公开、政策文件、工作动态、通知公告、业务指南、专题、在线交流、政府信息公开等栏目',
'W2':'页面符合政府网站页面设计规范：页头页脚标识、无障碍、适配手机',
'W3':'每个页面设“找错”入口',
'W4':'可开设外文版网站',
'W5':'办事指南包含事项名称、设定依据、申请条件、办理材料等十项要素及表格',
}
refs={}
for line in open(REQ):
    m=re.match(r'- ([A-Z]\d+) (.*)$', line.strip())
    if not m: continue
    rid, rest=m.groups()
    cites=[]
    # find "NNN §..." sequences
    for dm in re.finditer(r'(00\d)(?! [a-z])((?: ?§\d+(?:\([一二三四五六七八九十]+\))?\d*,?)+)?', rest):
        d=dm.group(1); arts=dm.group(2) or ''
        parts=[]
        for am in re.finditer(r'§(\d+)(?:\(([一二三四五六七八九十]+)\))?', arts):
            a='第'+cn(am.group(1))+'条'+(f'第（{am.group(2)}）项' if am.group(2) else '')
            parts.append(a)
        cites.append(docs[d]+('、'.join(parts) if parts else ''))
    if '政府信息公开条例' in rest: cites.append('《中华人民共和国政府信息公开条例》第二十九条至第四十五条、第四十九条至第五十条')
    if '国办秘函〔2019〕19号' in rest: cites.append('《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）')
    refs[rid]=cites
out=['/// The rules the platform carries out, as people know them: what each says, and where (the',
'/// regulation and article). Numbered like ../shared/REQUIREMENTS.md; the admin shows the citation,',
'/// never the bare number.','public enum RuleBasis {',
'    /// One rule: its number, what it says, and the regulations and articles it comes from.',
'    public struct Rule: Sendable {','        public let id: String','        public let gist: String','        public let sources: [String]','    }','',
'    /// Every rule, in the catalogue\'s order.','    public static let all: [Rule] = [']
order=[l.split()[1] for l in open(REQ) if re.match(r'- [A-Z]\d+ ', l)]
for rid in order:
    src=', '.join('"%s"'%c for c in refs[rid])
    out.append('        Rule(id: "%s", gist: "%s", sources: [%s]),'%(rid,gist[rid],src))
out.append('    ]')
out+=['','    /// The rules by number.','    public static let byID: [String: Rule] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })','',
'    /// Where rules come from, as people cite them (“《永州市政府网站建设管理办法》第十九条第（三）项”),',
'    /// in the order given; an unknown number is left out.',
'    public static func cite(_ ids: [String]) -> String {',
'        var seen: Set<String> = []',
'        return ids.compactMap { byID[$0] }.flatMap(\\.sources).filter { seen.insert($0).inserted }.joined(separator: "、")',
'    }','','    /// `cite` of one rule.','    public static func cite(_ id: String) -> String { cite([id]) }','}']
open(OUT,'w').write('\n'.join(out)+'\n')
missing=[r for r in order if not refs[r]]
print('rules',len(order),'no source',missing)
