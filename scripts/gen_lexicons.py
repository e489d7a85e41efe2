#!/usr/bin/env python3
"""Regenerate the segmenter's static lexicons: every word list of the
segmenter lives here, as data.

Usage: scripts/gen_lexicons.py > src/segment/lex_data.c
       scripts/gen_lexicons.py --english > src/segment/en_lex_data.h
       scripts/gen_lexicons.py --rule-words > src/segment/zh_words.h

Provenance: every list below was written by the Podium team for the genre of
Chinese meeting reports (surnames, posts, reporting verbs, list cues). They are
plain vocabulary, not copied from any dictionary file. One list is derived:
seg_lex_not_name, the common words of jieba's dictionary (Debian
python3-jieba, /usr/lib/python3/dist-packages/jieba/dict.txt, MIT licence)
that start with a surname but are not tagged as person names, or are
tagged so but too frequent to be one (全体, 高度, 方面, 宣传部...): a name candidate spelled like one is vetoed.
Another is derived the same way: seg_lex_not_given_word, frequent two-character
function and content words that are never a given name (能够, 政府). All entries are in
simplified script: the segmenter matches them against its simplified shadow
(OpenCC t2s), so one entry serves both scripts. Licence: MIT, like Podium.

The output is deterministic: each list is de-duplicated and sorted by code
point, so a regeneration diff shows exactly what changed.
"""
import sys
import textwrap

# 和 is left out: as a conjunction it follows titles (委员和专家) far more
# often than it is a surname.
SURNAMES = """
王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许
韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢
姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 傅 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫
阎 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温
康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 欧 耿
关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成
苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟
艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费
卜 冷 晏 席 卫 米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 仇 栾 隋 商
刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 官 封 谈 匡 鞠
惠 荆 乐 冀 郁 胥 南 班 储 原 栗 燕 楚 鄢 劳 谌 奚 皮 粟 冼 蔺 楼 盘 满 闻 位
厉 伊 仝 区 郜 海 阚 花 权 强 帅 屠 豆 朴 盖 练 廉 禹 井 祖 漆 巴 丰 支 卿 国
狄 平 计 索 宣 晋 相 初 门 云 容 敬 来 扈 晁 芮 都 普 阙 浦 戈 伏 鹿 薄 邸 雍
辜 羊 阿 乌 母 裘 亓 修 邰 赫 杭 况 那 宿 鲜 印 逯 隆 茹 诸 战 慕 危 玉 银 亢
嵇 公 哈 湛 宾 戎 勾 茅 利 於 呼 居 揭 干 但 尉 冶 斯 元 束 檀 衣 信 展 阴 昝
智 幸 奉 植 衡 富 尧 闭 由 逄 佘 骞 扶 眭 粱 茆 荀 钮 伦 贲 寿 郦 桓 弓 蓟 习
萧 宓 仉 旷 竺 禤 蒯 濮 邴 郗 乜 隗 笪 缑 酆 谯 庹 蹇 钭 訾 郏 鄂 汲 殳 羿
"""

COMPOUND_SURNAMES = """
欧阳 司马 诸葛 上官 东方 皇甫 慕容 令狐 司徒 夏侯 尉迟 公孙 轩辕 长孙 宇文
钟离 端木 百里 西门 南宫 独孤 万俟 闻人 澹台 公冶 太史 申屠 赫连 呼延 拓跋
"""

# Surnames that are also everyday word characters (公司, 国家, 全体): a
# candidate starting with one needs more evidence.
WEAK_SURNAMES = """
司 国 平 全 时 文 明 安 成 连 南 景 海 都 门 区 商 党 宫 关 原 位 来 相 初 常 代 向
于 方 师 应 信 管 官 统 市 省 东 费 教 学 建 解 单 班 干
"""

# Characters that end a unit's name (大学, 学院, 中心, 联盟): a name may
# follow one directly.
UNIT_ENDS = """
学 院 校 所 司 部 局 处 心 会 社 室 系 组 团 厂 馆 台 站 府 委 办 厅 行 队 库 联 盟
"""

# Heads of posts and courtesy titles. A title is optional prefixes + a head.
TITLE_HEADS = """
院长 校长 部长 局长 处长 科长 所长 市长 省长 县长 区长 厅长 社长 行长 会长
馆长 站长 队长 组长 团长 主任 书记 委员 常委 主席 教授 研究员 院士 经理 总监
总裁 董事 理事 总编 总编辑 主编 专家 学者 博士 讲师 老师 教师 专员 议员
律师 大律师 法官 工程师 规划师 顾问 代表 干事 秘书长 负责人 创始人
合伙人 指导员 辅导员 导师 博导 医生 主管 召集人 发言人 司长 署长 董事长
理事长 监事长 检察长 审计长 总经理 总工程师 总会计师 总规划师 总干事 主席团
副教授 助理教授 讲座教授 高级工程师 研究馆员 协理员 调研员 巡视员 督学
政委 参事 组长 首席执行官 行政总裁 行政长官 特首 司长 局长 议长 州长 镇长
乡长 村长 庭长 分管 党代表 人大代表 政协委员 立法会议员 区议员 教研员 校董
主持人 特派员 联络员 研究生 本科生 学生 同学 校友 党员 会计师 经济学家
科学家 作家 评论员 分析师 社工 传媒人 总长 部门主管 学部委员 秘书处长
博士生 硕士生 硕士研究生 博士研究生 博士后 成员 会员 校友代表 经济师 总经济师 设计师 建筑师 审计师 统计师 总设计师 主任医师 教学督导 督导 督导专家
总统 总理 首相 国王 王后 女王 王储 亲王 议长 大使 特使 公使 参赞 外长 外交部长 国务卿 秘书长 主委 人士 夫人
编导 编辑 组织员 监制 制片人 助理 主播 领导 秘书 立委
"""

# Prefixes that may stand before a head (longest first when matched).
TITLE_PREFIXES = """
原 前 常务 执行 名誉 首席 代理 署理 副 总 专职 兼职 特聘 客座 资深 高级 正
荣誉 终身 特邀 特约 二级 一级 三级 主任 党委 党组 第一
"""

# Courtesy forms after a surname: 徐教授, 王总, 雷女士.
HONORIFICS = """
教授 老师 书记 主任 院长 校长 部长 局长 处长 科长 所长 市长 省长 县长 区长
厅长 社长 行长 会长 馆长 先生 女士 小姐 总 博士 研究员 委员 主席 议员 官
律师 法官 经理 董事长 理事长 总编 主编 司长 署长 专员 医生 同志 老
"""

SAY = """
表示 指出 认为 强调 谈到 坦言 说 称 说道 讲道 提到 表明 直言 透露 回应 解释
补充 补充说 认识到 分析 分析称 介绍 介绍了 阐述 总结道 发言时说 讲话时说 致辞时说
提及 重申 感叹 寄语 勉励 警告 相信 直指 质疑 批评 反驳 回答 答问时 问及 形容
期望 期待 说明 举例 举例说 深有感触地说 谈及 还说 报告说 引述 揭示 呼吁
谈道 说道 指明 提醒 提议 论述 阐明 认识到 表态 披露 承认 坦承 解释说 补充道
笑言 笑称 感慨 指 问 质询 追问 引用 忆述 慨叹 憧憬
担心 担忧 忧虑 忧心 询问 问道
"""

PROPOSE = """
建议 提出 倡议 主张 要求 希望 提议 建言 寄望 恳请 促请 敦促 促 要求政府
"""

TOPIC = """
围绕 为题 为切口 为主题 解读 阐释 题为 分享 主讲 宣讲 作报告 作了报告 作专题报告
作主旨报告 作主旨演讲 作主题报告 讲授 解析 剖析
"""

# Spoke, with nothing of the content reported (role speaker, no remark).
SPOKE = """
讲话 致辞 发言 作交流发言 作主题发言 作主旨发言 作典型发言 致欢迎辞 致开幕辞
作重点发言 交流发言 主题发言 主旨发言 演讲 作报告 作专题报告 作主旨报告
共同研讨 共同探讨 共同讨论 深入交流 思想碰撞 交流研讨
会见记者 共同会见记者 答记者问
"""

SUMMARY = """
作总结 总结讲话 总结发言 作会议总结 作总结讲话 在总结中 作了总结 总结时 总结时指出
"""

HOST = """
主持 主持人 主持会议 主持研讨
"""

LIST_END = """
出席 参加 参会 与会 列席 出席会议 参加会议 出席活动 等出席 等参加 应邀出席
一同出席 陪同 一行
"""

# Words that make an accompanying cue apply to every name listed before it.
GROUP = """
分别 先后 依次 相继 共同 一致 纷纷 等人 等 轮流 逐一
"""

# Words that may follow a name directly (they end the name).
NAME_FOLLOW = """
在 作 做 出席 参加 以 围绕 主持 致辞 表示 等 同志 教授 研究员 副教授 讲师
和 与 及 分别 先后 就 对 从 为 代表 首先 也 还 则 说 称 提出 建议 强调 结合
带领 讲话 发言 一行 老师 向 指出 认为 介绍 谈 针对 通过 用 立足 基于 回顾
阐述 解读 分享 作了 做了 作为 现场 博士 院士 主任 书记 院长 校长 先生 女士
同学 表达 详细 系统 重点 深入 从不同 围绕着 通报 汇报 宣读 宣布 颁发 致 认真
等人 等领导 应邀 受邀 莅临 来到 到 前往 参与 参观 率 率队 带队 一同 陪同
进行 发表 讲授 结合自身 回答 提问 问 说道 谈到 直言 坦言 质疑 批评 反驳 指
亦 更 又 称赞 赞扬 感谢 欢迎 期待 希望 呼吁 要求 强烈 透露 承认 重申 相信
的 是 将 已 曾 都 同 跟 获 被 把 给 让 请 上 下 在会上 在讲话 在致辞
会见 会谈 会晤 举行 合影 夫妇 宣读 致贺信 最后 随后 随即
领衔 团队
"""

# Characters that never start or continue a given name (function words).
NOT_GIVEN = """
的 了 在 是 和 与 及 等 为 对 从 以 把 被 将 就 也 都 而 并 于 或 们 这 那 其 第
所 该 此 着 过 到 还 又 再 则 但 即 且 让 给 请 上 下 内 外 年 时 个
每 各 由
"""

# Characters that spell foreign names in Chinese transcription (马克龙,
# 诺瓦克, 娜娜茜帕乌). Characters that are also frequent Chinese words or
# function words (和 在 于 文 平 明 会 让 保 本…) are left out, so that a run
# of these after a title stops where the Chinese text resumes.
TRANSLIT = """
阿 埃 艾 爱 安 昂 奥 巴 拜 班 邦 贝 比 彼 毕 宾 波 伯 博 布 查 达 戴 丹 道
德 迪 蒂 丁 杜 敦 多 厄 恩 尔 法 凡 菲 斐 费 芬 佛 夫 弗 福 伏 盖 甘 冈 戈 哥
格 根 贡 古 瓜 圭 哈 海 汉 豪 赫 亨 洪 胡 怀 霍 基 吉 加 迦 贾 杰 捷 卡 凯 坎
康 考 柯 科 克 肯 库 夸 奎 昆 拉 腊 莱 赖 兰 朗 劳 勒 雷 蕾 黎 里 丽 利 莉 林
琳 留 龙 隆 卢 鲁 路 伦 罗 洛 吕 马 玛 迈 麦 曼 芒 梅 蒙 米 密 敏 莫 默 姆 穆
纳 娜 奈 内 尼 妮 涅 纽 努 诺 欧 帕 潘 庞 佩 皮 匹 珀 普 齐 奇 契 恰 乔 切 钦
琴 丘 茹 萨 塞 赛 桑 瑟 森 沙 莎 尚 绍 舍 圣 施 什 舒 斯 松 苏 索 塔 泰 坦 汤
唐 特 提 廷 图 托 瓦 万 旺 威 韦 维 温 翁 沃 乌 伍 武 西 希 锡 席 夏 肖 谢 辛
休 雅 亚 扬 耶 伊 依 因 英 尤 约 扎 泽 詹 兹 茜 琼 黛 丝 娃 娅 缇 芙 薇 萝 露
"""


JIEBA_DICT = "/usr/lib/python3/dist-packages/jieba/dict.txt"
NOT_NAME_MIN_FREQ = 50
# jieba tags some frequent common nouns as names (宣传部, 师生): above this
# frequency an nr tag is not trusted.
NR_TRUSTED_MAX_FREQ = 200


def not_name_words():
    surnames = set(SURNAMES.split())
    out = []
    with open(JIEBA_DICT, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, freq, pos = parts[0], int(parts[1]), parts[2]
            common = not pos.startswith("nr") or freq >= NR_TRUSTED_MAX_FREQ
            if len(word) in (2, 3) and word[0] in surnames and common and freq >= NOT_NAME_MIN_FREQ:
                out.append(word)
    return " ".join(out)


# Two-character words that are never a given name: function words (都能够,
# 但政府 read as SURNAME + 能够/政府) and the most frequent content words.
NOT_GIVEN_WORD_FUNCTION_POS = ("c", "d", "p", "r", "u", "m", "q", "f")
NOT_GIVEN_WORD_FUNCTION_MIN_FREQ = 1000
NOT_GIVEN_WORD_CONTENT_POS = ("v", "n", "vn", "a", "ad")
NOT_GIVEN_WORD_CONTENT_MIN_FREQ = 10000


def not_given_words():
    """jieba's two-character words of those classes and frequencies, less
    person names and courtesy titles (先生 after a surname is a reference,
    read elsewhere)."""
    honorifics = set(HONORIFICS.split())
    out = []
    with open(JIEBA_DICT, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 3 or len(parts[0]) != 2:
                continue
            word, freq, pos = parts[0], int(parts[1]), parts[2]
            if pos.startswith("nr") or word in honorifics:
                continue
            if (pos in NOT_GIVEN_WORD_FUNCTION_POS and freq >= NOT_GIVEN_WORD_FUNCTION_MIN_FREQ) or (
                pos in NOT_GIVEN_WORD_CONTENT_POS and freq >= NOT_GIVEN_WORD_CONTENT_MIN_FREQ
            ):
                out.append(word)
    return " ".join(out)


# ---- English lexicon: src/segment/en_lex_data.h (--english), read by
# english.c and text.c. Matched case-insensitively, as whole words.

EN_LISTS = [
    ("speech_verbs",
     'Verbs that report speech (X said, said X).',
     """
said says told warned added argued insisted urged stressed echoed explained believes
claimed suggested recommended admitted asked agreed announced acknowledged
maintained noted highlighted reiterated emphasised emphasized commented concluded
observed stated remarked replied answered responded cautioned contended conceded
declared denied accused claiming saying called proposed welcomed commended praised
criticised criticized outlined described questioned challenged pointed call calls
"""),
    ("honorifics",
     ('Courtesy styles and academic titles written before a name, never part of it; '
      'all but Professor are kept out of the affiliation too (SOURCES.md: Dr is a '
      'courtesy title, Professor before a name is the post).'),
     """
Mr Mrs Ms Miss Mx Dr Professor Prof Hon Honourable Rev Reverend Sen Rep Gov Gen Lt
Col Capt Sgt Insp Supt Cllr Shri Smt Shrimati Sri Kumari
"""),
    ("nobility",
     'Titles of nobility: part of the name (Dame X, Lord Y).',
     """
Lord Lady Sir Dame Baroness Baron
"""),
    ("not_names",
     ('Capitalised words that open sentences or name days and months: never a name. '
      'Parties, bodies and places are told apart by their form instead (org_heads, '
      'collect_places).'),
     """
The A An It He She They We I You But And Or In At On If Of To By From With This That
These Those There Here His Her Their Our My Your Its As For When After Before While
So Yet Also Ahead However Meanwhile Earlier Later Now Then Instead Asked Speaking
Today Tonight Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday
Sunday January February March April July September October November December Mr
"""),
    ("org_heads",
     ('Last words of the names of bodies, events and works: a capitalised run ending '
      'in one names no person (Student Services, Safety Executive).'),
     """
Party Government Parliament Committee Office Agency Society Court House Council
Department Commission University College School Institute Trust Foundation
Association Union Ministry Bank Authority Board Executive Service Services Forum
Centre Center Group Company Corporation News Radio Television Police Network
Federation Secretariat Research Conference Commons Lords Assembly Senate Congress
Cabinet Treasury Act Bill Plans Programme Program Initiative Campaign Alliance
Coalition Club Fund Inquiry Review Report Debate Symposium Summit Festival Awards
Ltd Inc Partnership Partnerships Consortium Chamber Bureau Tribunal Taskforce
Cooperative Co-operative Observatory Academy Charity Hospital Museum Library
Directorate Inspectorate Collective Institution
"""),
    ("title_words",
     ('Heads of a post written before or after a name (housing minister X, X, chief '
      'executive of Y).'),
     """
secretary minister chairman chairwoman chair spokesman spokeswoman chief executive
director president leader judge justice head member professor officer commissioner
chancellor mayor governor editor adviser advisor manager founder analyst chairperson
spokesperson co-leader candidate mp coordinator co-ordinator lecturer scientist
researcher economist engineer principal convenor convener organiser organizer
councillor senator ambassador consultant presenter host moderator facilitator
panellist panelist
"""),
    ("title_joiners",
     'Words that join the words of a post (deputy head of the school of…).',
     """
and of for the former shadow deputy chief executive home foreign senior general vice
acting cabinet associate assistant
"""),
    ("clause_openers",
     'Capitalised words that open a clause, never the first word of a name.',
     """
But And As So Yet While When After Also Ahead In At On However Meanwhile Earlier
Later Now Then Instead Asked Speaking
"""),
    ("modals",
     ('Markers of a recommendation (SOURCES.md, English): should, must, need to, have'
      ' (got) to, it is important that; the proposing verbs are read after the verb. '
      'need and have count only before to (sentence_item).'),
     """
should must shouldn't mustn't ought need needs needed have has had got important
"""),
    ("proposing",
     'Proposing verbs: what follows them is put forward.',
     """
urge urges urged recommend recommends recommended call calls called ask asks asked
"""),
    ("beliefs",
     ('Verbs of belief: "believes that these arguments should…" starts the item after'
      ' that.'),
     """
believes believe thinks think feels feel
"""),
    ("after_speaker",
     ('Lowercase words that may follow a speaker written after "said" (said Dr X at '
      'the opening, said X, who…); any other lowercase word is the verb of a reported'
      ' clause whose subject the name is (said Farm Environment Plans were helping, '
      'said New Zealand needs…): no speaker.'),
     """
at in on during when while after before of from who whose as about to for with and
today yesterday earlier later last this adding speaking told
"""),
    ("not_post",
     'Determiners and possessives: no modifier of a post (said the minister X).',
     """
the a an his her its their our my your this that these those
"""),
    ("object_verbs",
     ('Speech verbs whose object, not subject, may follow them (MPs criticised Home '
      'Secretary X; she told minister Y): a name after one of these is no speaker '
      'written after the quote.'),
     """
told criticised criticized welcomed commended praised accused questioned challenged
described outlined asked urged called pointed denied echoed announced acknowledged
proposed recommended
"""),
    ("speech_nouns",
     ('Nouns of what a person said, after his or her name in the possessive '
      "(Professor Hughey's presentation indicated…, Her comments were…)."),
     """
presentation address speech recommendations recommendation comments remarks talk
paper submission message argument view views proposal proposals evidence keynote
response findings suggestion suggestions
"""),
    ("proposal_nouns",
     'Nouns of a proposal: "her recommendations included X" proposes X.',
     """
recommendations recommendation proposals proposal suggestions suggestion
"""),
    ("embedders",
     'Words that open an embedded question or a relative clause.',
     """
whether which what how why who
"""),
    ("be_forms",
     'Forms of be: "was needed to" is a passive, not a need of the speaker.',
     """
is was are were be been being
"""),
    ("interjections",
     "Words that open a reply before its clause (No, we've got to…).",
     """
no yes well so oh now look
"""),
    ("subject_fillers",
     'Words that may stand between a speaker and the speech verb.',
     """
has have had also who then again now today yesterday earlier later once still
further is was will would expected due set likely going to
"""),
    ("event_roles",
     ('Verbs and nouns of a part in the event before "by" (organised by, '
      'introductions by, chaired by).'),
     """
organised organized chaired hosted introduced introductions opened presented
moderated facilitated convened led welcomed introduction address speech presentation
talk remarks closed
"""),
    ("chairing",
     ('Event roles of a chair or host (SOURCES.md: chairing, welcoming and '
      'introducing is moderating).'),
     """
chaired hosted moderated facilitated introduced introductions introduction welcomed
"""),
    ("hedges",
     ('Words before have to / need to that make it speculation, not advice (farmers '
      'might have to integrate).'),
     """
might may could would
"""),
    ("subordinators",
     ('Words of a subordinate clause that opens a sentence: the item starts after its'
      ' comma (If education is about…, we need to…).'),
     """
if when although though unless while because since whereas once
"""),
    ("summing_up",
     'Openings of a closing summary (Wrapping up the debate, X said).',
     """
wrapping summing concluding closing
"""),
    ("place_prepositions",
     ('Prepositions of place: a capitalised run after one names a place (in New '
      'Zealand, at Lake Ellesmere), and a person is never spelled so.'),
     """
in at across throughout near around
"""),
    ("style_abbreviations",
     ('Abbreviated styles and ranks whose full stop ends no sentence (Hon. Dr X, '
      'Prof. Lee).'),
     """
Mr Mrs Ms Dr Prof Hon Rev St Sen Rep Gov Gen Lt Col Capt Sgt Insp Supt Assoc
"""),
    ("clause_joins",
     'Conjunctions after which a clause with a modal starts an item (…, but we must…).',
     """
but and as so yet
"""),
]

# ---- Word lists of single rules: src/segment/zh_words.h (--rule-words).
# Each is the list one rule of the named file and function reads, kept in
# the order written (some rules try them in order, longest first), simplified
# script like every Chinese list here.

ZH_RULE_WORDS = [
    ("ZH_THIRD_PARTY_SUBJECT_BODIES", 'attrib.c, third_party_subject',
     """会议 大会 论坛 会上 报告 文件 总书记 中央 大家 与会 专家们 学者们 代表们 委员会 政府 当局 议员们 有意见 座谈会 研讨会 通知 意见 规划 决定"""),
    ("ZH_THIRD_PARTY_SUBJECT_DETERMINERS", 'attrib.c, third_party_subject',
     """本次 此次 这次 该"""),
    ("ZH_SUBJECT_REACHES_OTHERS", 'attrib.c, subject_reaches',
     """所有人 有人 很多人 不少人 人们 各方 大家 外界 舆论 有意见 有观点"""),
    ("ZH_SUMS_UP_GROUP_SUBJECTS", 'attrib.c, sums_up_group',
     """他们 她们 大家"""),
    ("ZH_UNDER_GUIDANCE_FRAMES", 'attrib.c, under_guidance',
     """领导下 带领下 指导下 引领下 见证下 关怀下 关心下 推动下 倡导下"""),
    ("ZH_LETTER_SPEAKS_LETTERS", 'attrib.c, letter_speaks',
     """贺信 贺电 贺词 来信 回信 信中 致信 书信 信函"""),
    ("ZH_MARK_LETTER_SENDERS_SENDS", 'attrib.c, mark_letter_senders',
     """致贺信 致信 发来贺信 致贺电 发来贺电"""),
    ("ZH_SINGLE_CUE_OK_BEFORE", 'cues.c, single_cue_ok',
     """并 还 也 又 则 更 亦 就 都 曾 地 中 时 他 她 上"""),
    ("ZH_FORM_LABEL_FACT_LABELS", 'forms.c, seg_form_label',
     """年龄 性别 职业 住址 地区"""),
    ("ZH_CLAUSE_ADVERBS", 'items.c, file scope',
     """一定 同时 尤其 特别 进一步 首先 还 也 更 都 就 则 仍 并 而 既 又"""),
    ("ZH_ADDRESSEES", 'items.c, file scope',
     """大家 各位 同志们 同学们 你们 政府 当局 各级 全体 广大 与会 学院 研究院 学校 社会各界 各方 青年 师生"""),
    ("ZH_PROPOSAL_WORDS", 'items.c, file scope',
     """建议 要求 意见 措施 举措 对策 路径 思路 着力 希望 倡议 思考 方向 重点 提出 亟需 务必 需 呼吁 做到 做好 抓好 努力 必须 需要 应当 部署 要 应"""),
    ("ZH_REPORT_WORDS", 'items.c, file scope',
     """成效 成绩 成果 变化 问题 挑战 特点 优势 短板 困难 不足 现状 做法 经验 进展 亮点 特色 担忧 之变 承诺 转变 成就 进步 收获 体会 目的 探索了 的探索"""),
    ("ZH_THIRD_PARTIES", 'items.c, file scope',
     """总书记 党中央 有意见 中央 有人 所有人 不少人 很多人 外界"""),
    ("ZH_LIST_FRAMES", 'items.c, file scope',
     """以下 如下 几个 几点 方面 点 条 项"""),
    ("ZH_QUESTION_WORDS", 'items.c, file scope: Cantonese: why, what for, how long',
     """为什么 是否 如何 怎样 能否 点解 做咩 几耐 应否"""),
    ("ZH_ENUM_MARKER_SEQUENCE", 'items.c, seg_enum_marker',
     """首先 其次 再次 最后"""),
    ("ZH_MODAL_HERE_MODALS", 'items.c, modal_here',
     """应当 应该 亟需 亟须 必须 务必 不应 需要 可考虑 理应 要 应 需"""),
    ("ZH_PROPOSING_VERB_VERBS", 'items.c, seg_proposing_verb',
     """建议 倡议 呼吁 主张 建言 希望 促请 敦促 期望"""),
    ("ZH_PROPOSING_VERB_NOT_ADDRESSEE", 'items.c, seg_proposing_verb: 希望令數據更快…: a hope about an outcome',
     """以 通过 为 能 在 把 将 借 进一步 更 对 与 和 可以 今后 本次 此次 这次 自己 我们 未来 有 早日 尽快 学习 借鉴 继续 同 深化 扩大 令 使"""),
    ("ZH_ADDRESSED_ADVICE_ADVERBS", 'items.c, addressed_advice',
     """并 还 也 同时"""),
    ("ZH_PAST_CLAUSE_CUE_ADVERBS", 'items.c, past_clause_cue',
     """并 亦 也 还 更 则 又"""),
    ("ZH_PAST_CLAUSE_CUE_OPENERS", 'items.c, past_clause_cue',
     """但 而 故 因此 所以 他 她"""),
    ("ZH_PAST_FIRST_PERSON_SELVES", 'items.c, past_first_person',
     """我们 咱们 我"""),
    ("ZH_SUPPOSES_CONDITIONS", "items.c, supposes: 聲稱是要…: someone's claim, reported",
     """若 如果 假如 倘若 假若 一旦 声称 号称 据称 自称"""),
    ("ZH_DEMANDS_ANSWERS", 'items.c, demands',
     """解释 澄清 说明 交代 回应 回答 公开"""),
    ("ZH_FIND_EVENT_VENUE_VERBS", 'meta.c, find_event_venue',
     """举行 召开 举办 开幕 隆重举行 成功举行"""),
    ("ZH_FIND_EVENT_VENUE_KINDS", 'meta.c, find_event_venue',
     """会 论坛 讲座 培训 仪式 活动 沙龙 峰会"""),
    ("ZH_BYLINE_CUES", 'people.c, file scope',
     """记者 摄影 通讯员 编辑 撰稿 供稿 审核 责编 文字 图片"""),
    ("ZH_AFFIL_FRAMES", 'people.c, file scope',
     """包括 邀请了 邀请 讲者 任教于 任职于 来自 之一"""),
    ("ZH_SKIP_LEAD_WORDS_LEADS", 'people.c, skip_lead_words',
     """出席会议的有 参加会议的有 出席的有 参加的有 与会的有 分别是 分别为 主要有 以及 其中 包括 邀请 特邀 会上 由 有 如 和 与 及 在 对 向 请 并 是 为 据 听取 同时 此外 另外 来自 还有 当天 随后 之后 最后 首先 其次 接着 但 而 受"""),
    ("ZH_DUTY_DE_DUTIES", 'people.c, duty_de',
     """分管 主管 负责 协管 主持"""),
    ("ZH_FOREIGN_AFFIL_START_TOPICS", 'people.c, foreign_affil_start',
     """至于 对于 关于 由于"""),
    ("ZH_FRAME_LIST_START_OPENERS", 'people.c, frame_list_start',
     """还有 包括 有"""),
    ("ZH_CUE_ANCHORED_PEOPLE_ADVERBS", 'people.c, cue_anchored_people',
     """亦 也 则 更 又 还 再 续 随即"""),
    ("ZH_PUBLIC_FORMS", 'people.c, file scope',
     """先生 女士 小姐 太太"""),
    ("ZH_PRENOMINAL_HONOURS", 'people.c, file scope: Malaysian honours written between a post and the name, part of neither',
     """丹斯里拿督 拿督斯里 拿汀斯里 丹斯里 拿督 拿汀 天猛公"""),
    ("ZH_SURNAME_ALONE_ADVERBS", 'people.c, surname_alone',
     """又 亦 也 则 更 还 再"""),
    ("ZH_SENTENCE_HAS_CUE_UNCACHED_PART_WORDS", 'people.c, sentence_has_cue_uncached: holding, meeting, accompanying: taking part; …举起毛巾，问…: a clause of the same subject',
     """报告 到会 到场 作供 作证 分别 先后 相继 轮流 举行 会见 会谈 会晤 陪同 宣读 ，问 ，称 ，说"""),
    ("ZH_IS_PAGE_CHROME_MARKS", 'text.c, is_page_chrome',
     """责任编辑 纠错 字号 打印本页 相关稿件 阅读下一篇 分享到 扫一扫"""),
]

def words(block):
    seen = set()
    out = []
    for w in block.split():
        if w not in seen:
            seen.add(w)
            out.append(w)
    return sorted(out)


def print_array(declaration, block):
    """One C array of the block's words, sorted, wrapped at 78 columns."""
    print("%s[] = {" % declaration)
    line = "   "
    for w in words(block):
        item = ' "%s",' % w
        if len(line) + len(item) > 78:
            print(line)
            line = "   "
        line += item
    if line.strip():
        print(line)
    print("};")


def emit(name, block):
    print_array("const char *const %s" % name, block)
    print("const size_t %s_n = sizeof %s / sizeof %s[0];\n" % (name, name, name))


def print_header(option, provenance, guard):
    """The opening of a generated header: who made it, from what, and its
    include guard (provenance: the lines after "Provenance: ")."""
    print("/* Generated by scripts/gen_lexicons.py %s: do not edit by hand." % option)
    lines = ["Provenance: " + provenance[0]] + provenance[1:]
    lines[-1] += " */"
    for line in lines:
        print(" * %s" % line)
    print("#ifndef %s" % guard)
    print("#define %s\n" % guard)


def print_comment(text):
    """A C comment of text, wrapped at 74 columns."""
    print("/* %s */" % "\n * ".join(textwrap.wrap(text, 74)))


def emit_english():
    """The English word lists as static arrays: english.c sizes its word
    sets from them at compile time, so they cannot be extern."""
    print_header("--english", ["written by the Podium team for English meeting reports,",
                               "news stories and press releases. Licence: MIT."],
                 "PODIUM_SEGMENT_EN_LEX_DATA_H")
    for name, about, block in EN_LISTS:
        print_comment(about)
        print_array("static const char *const %s" % name, block)
        print()
    print("/* Entries of all the lists above: english.c sizes its hash table by it. */")
    print("#define EN_LEX_WORDS %d\n" % sum(len(block.split()) for _, _, block in EN_LISTS))
    print("#endif")


def emit_rule_words():
    """The word lists of single rules as macros of initialisers: each rule
    keeps its array where it reads it (sized at compile time), and the
    words stay here. The order is kept: some rules try them in order."""
    print_header("--rule-words", ["written by the Podium team for Chinese meeting reports;",
                                  "simplified script, matched against the OpenCC t2s shadow. "
                                  "Licence: MIT."],
                 "PODIUM_SEGMENT_ZH_WORDS_H")
    for macro, note, block in ZH_RULE_WORDS:
        print_comment(note)
        line = "#define %s" % macro
        for w in block.split():
            item = ' U"%s",' % w
            if len(line) + len(item) > 76:
                print(line + " \\")
                line = "   "
            line += item
        print(line.rstrip(","))
        print()
    print("#endif")


def main():
    if sys.argv[1:] == ["--english"]:
        emit_english()
        return 0
    if sys.argv[1:] == ["--rule-words"]:
        emit_rule_words()
        return 0
    print("/* Generated by scripts/gen_lexicons.py: do not edit by hand.")
    print(" *")
    print(" * Provenance: curated by the Podium team for Chinese meeting reports")
    print(" * (see the script); seg_lex_not_name is derived from jieba's dict.txt")
    print(" * (Debian python3-jieba 0.42.1, MIT). Entries are simplified script and")
    print(" * are matched against the OpenCC t2s shadow. Licence: MIT. */")
    print('#include "segment/lex.h"\n')
    for name, block in [
        ("seg_lex_surname", SURNAMES),
        ("seg_lex_compound_surname", COMPOUND_SURNAMES),
        ("seg_lex_title_head", TITLE_HEADS),
        ("seg_lex_title_prefix", TITLE_PREFIXES),
        ("seg_lex_honorific", HONORIFICS),
        ("seg_lex_say", SAY),
        ("seg_lex_propose", PROPOSE),
        ("seg_lex_topic", TOPIC),
        ("seg_lex_spoke", SPOKE),
        ("seg_lex_summary", SUMMARY),
        ("seg_lex_host", HOST),
        ("seg_lex_list_end", LIST_END),
        ("seg_lex_group", GROUP),
        ("seg_lex_name_follow", NAME_FOLLOW),
        ("seg_lex_not_given", NOT_GIVEN),
        ("seg_lex_not_name", not_name_words()),
        ("seg_lex_weak_surname", WEAK_SURNAMES),
        ("seg_lex_unit_end", UNIT_ENDS),
        ("seg_lex_translit", TRANSLIT),
        ("seg_lex_not_given_word", not_given_words()),
    ]:
        emit(name, block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
