#!/usr/bin/env python3
"""Write the project's own sample reports into corpus/ and their ground truth into tests/expected/.

    python3 corpus/make_samples.py          (from the repository root, or from anywhere)

Every figure lives once in this file (SAMPLES below): the report text and its expected JSON are both
rendered from it, so they cannot drift. The prose is the project's own. Output is deterministic
(fixed RNG seeds, no timestamps). Before writing, the script checks the table identities of
fields.md (T3-BALANCE, T3-TOTAL, T3-ROWSUM, T4-SUM) on every sample and requires that the only
failures are the ones a sample declares on purpose (its publisher_errors), and it checks that every
printed table cell parses back to the expected value and unit.
"""
import json
import os
import random
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus")
EXPECTED = os.path.join(ROOT, "tests", "expected")

# --------------------------------------------------------------------------------------------
# Template structure (labels are the statutory ones, see spec/templates.md)
# --------------------------------------------------------------------------------------------
T2_2019 = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("rules", "规章"), ("normative", "规范性文件")], ["new_made", "new_published", "total_published"]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")], ["prev_items", "change", "decisions"]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")], ["prev_items", "change", "decisions"]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"],
     [("fees", "行政事业性收费")], ["prev_items", "change"]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"],
     [("procurement", "政府集中采购")], ["projects", "amount"]),
]
T2_2021 = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("rules", "规章"), ("normative", "行政规范性文件")], ["issued", "repealed", "in_force"]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("licensing", "行政许可")], ["decisions"]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")], ["decisions"]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("fees", "行政事业性收费")], ["amount"]),
]

T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_COLS = ["natural", "commercial", "research", "social", "legal", "other", "total"]
T3_ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
RES = "三、本年度办理结果"
_T3_HEAD = [
    ("new_received", "一、本年新收政府信息公开申请数量", None, None),
    ("carried_over", "二、上年结转政府信息公开申请数量", None, None),
    ("granted", RES, "（一）予以公开", None),
    ("partial", RES, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("denied_secret", RES, "（三）不予公开", "1.属于国家秘密"),
    ("denied_law", RES, "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("denied_safety", RES, "（三）不予公开", "3.危及“三安全一稳定”"),
    ("denied_third_party", RES, "（三）不予公开", "4.保护第三方合法权益"),
    ("denied_internal", RES, "（三）不予公开", "5.属于三类内部事务信息"),
    ("denied_process", RES, "（三）不予公开", "6.属于四类过程性信息"),
    ("denied_enforcement", RES, "（三）不予公开", "7.属于行政执法案卷"),
    ("denied_query", RES, "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", RES, "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_create", RES, "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear", RES, "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("unprocessed_complaint", RES, "（五）不予处理", "1.信访举报投诉类申请"),
    ("unprocessed_repeat", RES, "（五）不予处理", "2.重复申请"),
    ("unprocessed_publication", RES, "（五）不予处理", "3.要求提供公开出版物"),
    ("unprocessed_excessive", RES, "（五）不予处理", "4.无正当理由大量反复申请"),
    ("unprocessed_confirm", RES, "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
_T3_TAIL = [
    ("total", RES, "（七）总计", None),
    ("carried_forward", "四、结转下年度继续办理", None, None),
]
T3_2019 = _T3_HEAD + [("other", RES, "（六）其他处理", None)] + _T3_TAIL
T3_2021 = _T3_HEAD + [
    ("other_overdue_correction", RES, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_overdue_fee", RES, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", RES, "（六）其他处理", "3.其他"),
] + _T3_TAIL

T4_GROUPS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T4_RESULTS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

HEADINGS = [
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("requests", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
]


def t2_spec(tpl):
    return T2_2019 if tpl == "2019" else T2_2021


def t3_spec(tpl):
    return T3_2019 if tpl == "2019" else T3_2021


def fact_keys(tpl):
    keys = []
    for _cap, _hdr, rows, cols in t2_spec(tpl):
        for row, _label in rows:
            keys += [f"t2.{row}.{c}" for c in cols]
    for row, *_ in t3_spec(tpl):
        keys += [f"t3.{row}.{c}" for c in T3_COLS]
    for g in T4_GROUPS:
        keys += [f"t4.{g}.{c}" for c in T4_COLS]
    return keys


# --------------------------------------------------------------------------------------------
# Figures. T3 rows not listed are all 0. None = blank cell (null, not 0).
# --------------------------------------------------------------------------------------------
Z = [0] * 7

SAMPLES = []

# 1 ---------------------------------------------------------------------------------------------
SAMPLES.append(dict(
    file="2020_jinshui_tongjiju.txt",
    template="2019", year=2020,
    agency="郑州市示例区统计局", title_agency="示例区统计局", published="2021-01-15",
    t2=dict(rules=[0, 0, 0], normative=[2, 2, 22], licensing=[65, 0, 26449], other_services=[0, 0, 0],
            penalty=[246, -29, 217], coercion=[66, -13, 53], fees=[0, 0], procurement=[14, 329.1877]),
    t3=dict(
        new_received=[9, 3, 1, 1, 2, 1, 17],
        carried_over=[1, 0, 0, 0, 1, 0, 2],
        granted=[3, 1, 1, 0, 1, 0, 6],
        partial=[1, 0, 0, 1, 0, 0, 2],
        denied_process=[1, 0, 0, 0, 0, 0, 1],
        unable_not_held=[2, 1, 0, 0, 0, 0, 3],
        unable_create=[0, 1, 0, 0, 1, 0, 2],
        unprocessed_repeat=[1, 0, 0, 0, 0, 0, 1],
        other=[1, 0, 0, 0, 0, 1, 2],
        total=[9, 3, 1, 1, 2, 1, 17],
        carried_forward=[1, 0, 0, 0, 1, 0, 2],
    ),
    t4=dict(review=[1, 0, 0, 1, 2], suit_direct=[1, 0, 0, 0, 1], suit_after_review=[0, 0, 0, 0, 0]),
    raw={"t2.procurement.projects": "14批", "t2.procurement.amount": "329.1877(万元）"},
    units={"t2.procurement.projects": "批", "t2.procurement.amount": "万元"},
    errors=[],
))

# 2 ---------------------------------------------------------------------------------------------
SAMPLES.append(dict(
    file="2021_gulou_minzhengju.gbk.txt",
    template="2021", year=2021,
    agency="福州市样板区民政局", title_agency="福州市样板区民政局", published=None,
    t2=dict(rules=[0, 0, 0], normative=[69, 3, 665], licensing=[2293], penalty=[1282], coercion=[42],
            fees=[24252.311082]),
    t3=dict(
        new_received=[64, 0, 0, 2, 0, 4, 70],
        granted=[27, 0, 0, 2, 0, 1, 30],
        partial=[5, 0, 0, 0, 0, 0, 5],
        denied_internal=[1, 0, 0, 0, 0, 0, 1],
        denied_enforcement=[6, 0, 0, 0, 0, 0, 6],
        denied_query=[1, 0, 0, 0, 0, 0, 1],
        unable_not_held=[22, 0, 0, 0, 0, 3, 25],
        other_other=[1, 0, 0, 0, 0, 0, 1],
        total=[63, 0, 0, 2, 0, 4, 69],
        carried_forward=[1, 0, 0, 0, 0, 0, 1],
    ),
    t4=dict(review=[1, 0, 2, 0, 3], suit_direct=[12, 0, 0, 0, 12], suit_after_review=[0, 0, 0, 0, 0]),
    raw={}, units={}, errors=[],
))

# 3 ---------------------------------------------------------------------------------------------
SAMPLES.append(dict(
    file="2022_lianjiang_shuiliju.md",
    template="2021", year=2022,
    agency="示范县水利局", title_agency="示范县水利局", published="2023-01-16",
    t2=dict(rules=[0, 0, 0], normative=[62, 33, 440], licensing=[4529], penalty=[1100], coercion=[65],
            fees=[18651.06]),
    t3=dict(
        # deliberate break: the source prints 217 / 218 here; +2 on both keeps T3-ROWSUM and breaks T3-BALANCE
        new_received=[219, 1, 0, 0, 0, 0, 220],
        granted=[71, 0, 0, 0, 0, 0, 71],
        partial=[29, 0, 0, 0, 0, 0, 29],
        denied_secret=[4, 0, 0, 0, 0, 0, 4],
        denied_third_party=[3, 0, 0, 0, 0, 0, 3],
        denied_internal=[32, 0, 0, 0, 0, 0, 32],
        unable_not_held=[75, 0, 0, 0, 0, 0, 75],
        unprocessed_repeat=[1, 0, 0, 0, 0, 0, 1],
        other_overdue_correction=[1, 0, 0, 0, 0, 0, 1],
        other_other=[1, 1, 0, 0, 0, 0, 2],
        total=[217, 1, 0, 0, 0, 0, 218],
    ),
    t4=dict(review=[2, 1, 3, 1, 7], suit_direct=[0, 0, 0, 0, 0], suit_after_review=[13, 2, 4, 0, 19]),
    raw={}, units={},
    errors=[
        {"rule": "T3-BALANCE", "where": "t3.new_received.natural",
         "detail": "自然人: new_received 219 + carried_over 0 = 219 but total 217 + carried_forward 0 = 217. "
                   "Deliberate test break: the source figures print 217 here."},
        {"rule": "T3-BALANCE", "where": "t3.new_received.total",
         "detail": "总计: new_received 220 + carried_over 0 = 220 but total 218 + carried_forward 0 = 218. "
                   "Deliberate test break: the source figures print 218 here (the row still sums: 219 + 1 = 220)."},
    ],
))

# 4 ---------------------------------------------------------------------------------------------
_ = None
SAMPLES.append(dict(
    file="2019_changle_jiaotongju.gbk.html",
    template="2019", year=2019,
    agency="福州市样例区交通运输局", title_agency="福州市样例区交通运输局", published="2020-01-21",
    t2=dict(rules=[0, 0, 0], normative=[89, 89, 89], licensing=[396, 0, 181], other_services=[10, 0, 153],
            penalty=[2648, 0, 430], coercion=[126, 0, 25], fees=[35, 0], procurement=[135, 75394432.52]),
    t3=dict(
        new_received=[821, 35, 0, 0, 2, 1, 859],
        carried_over=[18, _, _, _, 0, 0, 18],
        granted=[258, 12, 0, 0, 1, 1, 272],
        partial=[3, 0, 0, 0, 0, 0, 3],
        denied_secret=[14, 0, 0, 0, 0, 0, 14],
        denied_law=[_, _, _, _, _, _, _],
        denied_internal=[5, 0, 0, 0, 0, 0, 5],
        denied_process=[3, 1, 0, 0, 0, 0, 4],
        denied_query=[10, 2, 0, 0, 0, 0, 12],
        unable_not_held=[252, 12, 0, 0, 1, 0, 265],
        unable_create=[44, 3, 0, 0, 0, 0, 47],
        unable_unclear=[25, 0, 0, 0, 0, 0, 25],
        unprocessed_complaint=[148, 1, 0, 0, 0, 0, 149],
        unprocessed_repeat=[5, 4, 0, 0, 0, 0, 9],
        unprocessed_excessive=[0, 0, _, _, 0, 0, 0],
        total=[767, 35, 0, 0, 2, 1, 805],
        carried_forward=[72, 0, 0, 0, 0, 0, 72],
    ),
    t4=dict(review=[5, _, _, 2, 7], suit_direct=[8, _, _, 1, 9], suit_after_review=[_, _, _, _, _]),
    raw={"t2.procurement.amount": "75394432.52元"},
    units={"t2.procurement.amount": "元"},
    errors=[],
))

# 5 ---------------------------------------------------------------------------------------------
SAMPLES.append(dict(
    file="2023_minhou_shichangju.nocharset.html",
    template="2021", year=2023,
    agency="试点县市场监督管理局", title_agency="试点县市场监督管理局", published=None,
    t2=dict(rules=[0, 0, 0], normative=[77, 132, 470], licensing=[2629], penalty=[1330], coercion=[54],
            fees=[5949.088667]),
    t3=dict(
        new_received=[80, 1, 0, 0, 0, 0, 81],
        granted=[22, 0, 0, 0, 0, 0, 22],
        partial=[19, 1, 0, 0, 0, 0, 20],
        denied_third_party=[1, 0, 0, 0, 0, 0, 1],
        denied_process=[1, 0, 0, 0, 0, 0, 1],
        denied_enforcement=[1, 0, 0, 0, 0, 0, 1],
        denied_query=[2, 0, 0, 0, 0, 0, 2],
        unable_not_held=[31, 0, 0, 0, 0, 0, 31],
        unprocessed_repeat=[1, 0, 0, 0, 0, 0, 1],
        other_overdue_correction=[1, 0, 0, 0, 0, 0, 1],
        other_other=[1, 0, 0, 0, 0, 0, 1],
        total=[80, 1, 0, 0, 0, 0, 81],
    ),
    t4=dict(review=[1, 1, 0, 0, 2], suit_direct=[4, 0, 0, 1, 5], suit_after_review=[1, 0, 1, 0, 2]),
    raw={"t2.licensing.decisions": "2,629", "t3.new_received.natural": "８０", "t3.granted.natural": "２２",
         "t3.unable_not_held.natural": "３１", "t3.total.total": "８１", "t4.suit_direct.upheld": "４"},
    units={}, errors=[],
))

# 6 ---------------------------------------------------------------------------------------------
SAMPLES.append(dict(
    file="2024_cangshan_jiaoyuju.utf16.txt",
    template="2021", year=2024,
    agency="福州市模范区教育局", title_agency="福州市模范区教育局", published="2025-01-20",
    t2=dict(rules=[0, 0, 0], normative=[58, 45, 546], licensing=[2418], penalty=[644], coercion=[64],
            fees=[4166.241619]),
    t3=dict(
        new_received=[151, 3, 0, 0, 0, 0, 154],
        granted=[33, 0, 0, 0, 0, 0, 33],
        partial=[38, 0, 0, 0, 0, 0, 38],
        denied_internal=[3, 0, 0, 0, 0, 0, 3],
        denied_process=[2, 0, 0, 0, 0, 0, 2],
        denied_enforcement=[3, 0, 0, 0, 0, 0, 3],
        denied_query=[3, 0, 0, 0, 0, 0, 3],
        unable_not_held=[49, 1, 0, 0, 0, 0, 50],
        unable_create=[3, 0, 0, 0, 0, 0, 3],
        unprocessed_complaint=[2, 0, 0, 0, 0, 0, 2],
        other_overdue_correction=[8, 0, 0, 0, 0, 0, 8],
        other_overdue_fee=[2, 0, 0, 0, 0, 0, 2],
        other_other=[1, 0, 0, 0, 0, 0, 1],
        total=[147, 1, 0, 0, 0, 0, 148],
        carried_forward=[4, 2, 0, 0, 0, 0, 6],
    ),
    t4=dict(review=[25, 3, 8, 0, 36], suit_direct=[3, 3, 0, 0, 6], suit_after_review=[3, 0, 0, 0, 3]),
    raw={}, units={}, errors=[],
))


def facts_of(s):
    """Ordered canonical facts of a sample (every key of its template)."""
    tpl = s["template"]
    out = {}
    for _cap, _hdr, rows, cols in t2_spec(tpl):
        for row, _label in rows:
            vals = s["t2"][row]
            assert len(vals) == len(cols), (s["file"], row)
            for c, v in zip(cols, vals):
                out[f"t2.{row}.{c}"] = v
    for row, *_ in t3_spec(tpl):
        vals = s["t3"].get(row, Z)
        assert len(vals) == 7, (s["file"], row)
        for c, v in zip(T3_COLS, vals):
            out[f"t3.{row}.{c}"] = v
    unknown = set(s["t3"]) - {r for r, *_ in t3_spec(tpl)}
    assert not unknown, (s["file"], unknown)
    for g in T4_GROUPS:
        for c, v in zip(T4_COLS, s["t4"][g]):
            out[f"t4.{g}.{c}"] = v
    assert list(out) == fact_keys(tpl)
    return out


# --------------------------------------------------------------------------------------------
# Identity check (fields.md): total side blank -> not checked; blank components count as 0
# --------------------------------------------------------------------------------------------
def check_identities(tpl, f):
    fails = []
    n = lambda k: f[k] or 0
    result_rows = [r for r, *_ in t3_spec(tpl) if r not in ("new_received", "carried_over", "total", "carried_forward")]
    for c in T3_COLS:
        if f[f"t3.total.{c}"] is not None or f[f"t3.carried_forward.{c}"] is not None:
            lhs = n(f"t3.new_received.{c}") + n(f"t3.carried_over.{c}")
            rhs = n(f"t3.total.{c}") + n(f"t3.carried_forward.{c}")
            if lhs != rhs:
                fails.append(("T3-BALANCE", c))
        if f[f"t3.total.{c}"] is not None:
            if sum(n(f"t3.{r}.{c}") for r in result_rows) != f[f"t3.total.{c}"]:
                fails.append(("T3-TOTAL", c))
    for r, *_ in t3_spec(tpl):
        if f[f"t3.{r}.total"] is not None:
            if sum(n(f"t3.{r}.{c}") for c in T3_COLS[:-1]) != f[f"t3.{r}.total"]:
                fails.append(("T3-ROWSUM", r))
    for g in T4_GROUPS:
        if f[f"t4.{g}.total"] is not None:
            if sum(n(f"t4.{g}.{c}") for c in T4_COLS[:-1]) != f[f"t4.{g}.total"]:
                fails.append(("T4-SUM", g))
    return fails


# --------------------------------------------------------------------------------------------
# Cell text
# --------------------------------------------------------------------------------------------
def num(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def cell(s, key):
    """Printed text of a table cell, before format-specific padding ('' = blank)."""
    if key in s["raw"]:
        return s["raw"][key]
    return num(s["facts"][key])


UNIT_RE = re.compile(r"^(.*?)[\(（]?(万元|元|批)[\)）]?$")


def parse_cell(text):
    """Independent re-reading of a printed cell -> (value, unit); used only for self-checks."""
    t = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").strip().replace(",", "")
    if t == "":
        return None, None
    unit = None
    m = UNIT_RE.match(t)
    if m:
        t, unit = m.group(1).strip(), m.group(2)
    v = float(t) if "." in t else int(t)
    return v, unit


# --------------------------------------------------------------------------------------------
# Prose (the project's own wording)
# --------------------------------------------------------------------------------------------
def prose(s):
    f = s["facts"]
    g = lambda k: num(f[k])
    y = s["year"]
    name = s["file"]
    if name.startswith("2020_jinshui"):
        return dict(
            preamble=f"本报告依据《中华人民共和国政府信息公开条例》第五十条编写，所列数据的统计期限为{y}年1月1日至12月31日，"
                     "电子版可在示例区人民政府门户网站的“政府信息公开”栏目查阅。",
            overview=[f"{y}年，区统计局把政务公开同统计数据发布工作放在一起谋划，由分管副局长牵头、办公室具体承办，"
                      "形成了“科室初审、办公室复核、局领导签发”的三级审核流程。",
                      "全年围绕第七次全国人口普查、月度统计快报和统计执法检查推进公开，统计数据发布日程在年初即向社会公布。"
                      "疫情防控期间，我局改为线上受理咨询，依申请公开工作没有中断。"],
            proactive=[f"本年度我局新制作并公开规范性文件{g('t2.normative.new_made')}件，对外公开的规范性文件累计"
                       f"{g('t2.normative.total_published')}件，未制定规章。",
                       "行政处罚和行政强制事项数量均较上年有所减少，相关决定按“双公示”要求在作出后七个工作日内上网。"
                       f"政府集中采购共{f['t2.procurement.projects']}批次，全部在采购平台同步公开。"],
            requests=[f"{y}年，我局新收政府信息公开申请{g('t3.new_received.total')}件，上年结转{g('t3.carried_over.total')}件；"
                      f"全年办结{g('t3.total.total')}件，其中予以公开{g('t3.granted.total')}件、部分公开{g('t3.partial.total')}件。",
                      f"另有{g('t3.carried_forward.total')}件因需征求第三方意见依法延长答复期限，结转至{y + 1}年继续办理。"
                      "申请内容主要涉及人口普查进度、规模以上企业名录和区级统计年鉴。"],
            review_litigation=[f"本年度因政府信息公开引起的行政复议{g('t4.review.total')}件，其中维持{g('t4.review.upheld')}件、"
                               f"尚未审结{g('t4.review.pending')}件；未经复议直接起诉的行政诉讼{g('t4.suit_direct.total')}件，"
                               "法院判决维持原答复。", "未发生复议后起诉的案件。"],
            problems=["一是统计数据解读材料偏少，部分数据发布后缺少通俗说明；二是栏目更新依赖少数人员，节假日期间偶有滞后。",
                      "下一步，我局将推行“数据、图表、解读”同步发布，并建立信息发布AB岗制度，确保栏目及时更新。"],
            other=["本年度我局未收取信息处理费。", "除上述情况外，无其他需要报告的事项。"],
        )
    if name.startswith("2021_gulou"):
        return dict(
            preamble="按照《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号文件规定的格式，区民政局编制了本年度报告，"
                     f"数据统计时段为{y}年1月1日至12月31日。",
            overview=[f"{y}年，区民政局把社会救助、养老服务、婚姻登记和殡葬管理等群众关心的事项作为公开重点，"
                      "调整了局政务公开领导小组成员，并在每个科室明确一名信息员。",
                      "全年依托区政府门户网站民政专栏和局微信公众号同步发布信息，低保和特困供养对象名单按季度更新。"],
            proactive=[f"本年度制发行政规范性文件{g('t2.normative.issued')}件，废止{g('t2.normative.repealed')}件，"
                       f"现行有效{g('t2.normative.in_force')}件。",
                       "行政许可、行政处罚和行政强制决定均按规定在信用信息平台公示，行政事业性收费情况见下表。"],
            requests=[f"全年新收政府信息公开申请{g('t3.new_received.total')}件，其中自然人提出{g('t3.new_received.natural')}件、"
                      f"社会公益组织{g('t3.new_received.social')}件、其他申请人{g('t3.new_received.other')}件。",
                      f"本年度办结{g('t3.total.total')}件，{g('t3.carried_forward.total')}件结转下年度办理。"
                      "我局在受理环节增加了电话回访，对申请内容不明确的及时指导补正。"],
            review_litigation=[f"{y}年涉及我局政府信息公开的行政复议{g('t4.review.total')}件，结果维持{g('t4.review.upheld')}件、"
                               f"其他结果{g('t4.review.other')}件；未经复议直接提起行政诉讼{g('t4.suit_direct.total')}件，"
                               "均被法院维持。",
                               "针对复议中反映出的告知书说理不充分问题，我局已重新修订答复文书范本。"],
            problems=["目前公开内容偏重办理结果，对政策执行过程的公开还不够，基层社区工作人员对条例的理解也不尽一致。",
                      "下一步将提高养老服务补贴发放进度等过程信息的公开频次，并按片区开展条例专题培训。"],
            other=["本年度未收取信息处理费。", "按照区政府统一部署，我局已完成民政领域基层政务公开标准目录的编制。"],
        )
    if name.startswith("2022_lianjiang"):
        return dict(
            preamble="本报告根据《中华人民共和国政府信息公开条例》要求编制，报告期为"
                     f"{y}年度，内容涵盖本局机关及所属事业单位的政府信息公开工作。",
            overview=[f"{y}年，县水利局围绕防汛抗旱、水利工程建设和河湖长制三项中心工作推进公开，汛期每日发布水雨情简报。",
                      "局机关修订了政府信息公开保密审查办法，坚持先审查、后公开，全年未发生失泄密事件。"],
            proactive=[f"本年度制发行政规范性文件{g('t2.normative.issued')}件，清理废止{g('t2.normative.repealed')}件，"
                       f"现行有效{g('t2.normative.in_force')}件。",
                       f"水行政许可决定{g('t2.licensing.decisions')}件、行政处罚决定{g('t2.penalty.decisions')}件"
                       "均在作出后按规定时限公示。"],
            requests=[f"全年共收到政府信息公开申请{g('t3.new_received.total')}件，办结{g('t3.total.total')}件，"
                      "申请人绝大多数为自然人。",
                      "申请事项主要涉及水库移民补偿、河道采砂管理和农村饮水工程，均在法定期限内作出答复。"],
            review_litigation=[f"本年度涉及我局政府信息公开的行政复议{g('t4.review.total')}件，其中维持{g('t4.review.upheld')}件、"
                               f"纠正{g('t4.review.corrected')}件、其他结果{g('t4.review.other')}件、尚未审结{g('t4.review.pending')}件。",
                               f"复议后起诉的行政诉讼{g('t4.suit_after_review.total')}件，未发生未经复议直接起诉的案件。"],
            problems=["水利工程项目信息分散在多个栏目，公众查找不便；部分乡镇水利站报送信息不够及时。",
                      "我局将整合建设项目公开专栏，并建立乡镇水利站信息月报送制度。"],
            other=["本年度未收取信息处理费。", "按照县政府安排，我局已将水利领域基层政务公开标准目录纳入年度更新计划。"],
        )
    if name.startswith("2019_changle"):
        return dict(
            preamble="本报告依照2019年5月15日起施行的新修订《中华人民共和国政府信息公开条例》编制，全文包括总体情况、"
                     "主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
                     f"存在的主要问题及改进情况、其他需要报告的事项六部分，统计期限为{y}年1月1日至12月31日。",
            overview=[f"{y}年是新修订条例施行的第一年，局里组织全体干部逐条学习修订内容，重新编制了政府信息公开指南和目录。",
                      "交通建设项目招投标、道路运输许可和交通执法信息是本年度公开的重点，均通过区政府门户网站集中发布。"],
            proactive=[f"本年度新制作并公开规范性文件{g('t2.normative.new_made')}件；行政许可事项{g('t2.licensing.prev_items')}项，"
                       f"全年作出许可决定{g('t2.licensing.decisions')}件。",
                       f"政府集中采购项目{g('t2.procurement.projects')}个，采购结果均已公示。"],
            requests=[f"全年新收政府信息公开申请{g('t3.new_received.total')}件，上年结转{g('t3.carried_over.total')}件，"
                      f"本年办结{g('t3.total.total')}件，结转下年度继续办理{g('t3.carried_forward.total')}件。",
                      "申请内容主要涉及道路改造征迁补偿和营运车辆管理。"],
            review_litigation=[f"本年度因政府信息公开被申请行政复议{g('t4.review.total')}件，其中维持{g('t4.review.upheld')}件，"
                               f"{g('t4.review.pending')}件尚未审结；未经复议直接起诉的行政诉讼{g('t4.suit_direct.total')}件，"
                               f"维持{g('t4.suit_direct.upheld')}件。",
                               "对尚未审结的案件，我局将根据最终结论及时调整答复口径。"],
            problems=["一是部分科室对新条例中“不予处理”情形的把握还不够准确；二是公开专栏栏目设置与新的公开目录尚未完全对应。",
                      "下一步将结合典型案例开展内部培训，并在2020年上半年完成栏目调整。"],
            other=["本年度未收取信息处理费。", "无其他需要报告的事项。"],
        )
    if name.startswith("2023_minhou"):
        return dict(
            preamble=f"本报告按照国办公开办函〔2021〕30号文件规定的格式编制，统计期限为{y}年1月1日至12月31日。",
            overview=[f"{y}年，县市场监管局围绕食品安全、特种设备和价格监管推进政务公开，把抽检结果和行政处罚信息作为公开的重点。",
                      "局政务公开工作领导小组全年召开两次专题会议，逐项研究公开目录调整和依申请办理中的难点。"],
            proactive=[f"本年度制发行政规范性文件{g('t2.normative.issued')}件，废止{g('t2.normative.repealed')}件，"
                       f"现行有效{g('t2.normative.in_force')}件。",
                       f"作出行政处罚决定{g('t2.penalty.decisions')}件、行政强制决定{g('t2.coercion.decisions')}件，"
                       "均在国家企业信用信息公示系统同步公示。"],
            requests=[f"全年新收政府信息公开申请{g('t3.new_received.total')}件，全部在法定期限内办结，无结转。",
                      "申请内容主要涉及投诉举报处理结果和企业登记档案。"],
            review_litigation=[f"本年度行政复议{g('t4.review.total')}件，行政诉讼{f['t4.suit_direct.total'] + f['t4.suit_after_review.total']}件，"
                               f"其中{g('t4.suit_direct.pending')}件直接起诉的案件尚在审理中。",
                               f"被复议机关纠正的{g('t4.review.corrected')}件，我局已按复议决定重新作出答复。"],
            problems=["部分抽检信息公开时间晚于规定时限，基层所之间的公开质量也不均衡。",
                      "我局将把公开时效纳入季度考核，并组织基层所开展交叉检查。"],
            other=["本年度未收取信息处理费。", "无其他需要报告的事项。"],
        )
    if name.startswith("2024_cangshan"):
        return dict(
            preamble="根据《中华人民共和国政府信息公开条例》的规定，现公布本局"
                     f"{y}年政府信息公开工作年度报告，报告所列数据的统计期限为{y}年1月1日至12月31日。",
            overview=[f"（一）主动公开政府信息情况。{y}年，区教育局围绕招生入学、学校建设和教育收费三类信息做好公开，"
                      "义务教育招生政策在报名前一个月发布并配套图解。",
                      "（二）依申请公开情况。我局完善了登记、拟办、会商、答复、归档的办理流程，对复杂申请实行法律顾问会审。"],
            proactive=[f"本年度制发行政规范性文件{g('t2.normative.issued')}件，废止{g('t2.normative.repealed')}件，"
                       f"现行有效{g('t2.normative.in_force')}件。",
                       f"作出行政许可决定{g('t2.licensing.decisions')}件，主要为民办学校办学许可和校外培训机构审批事项。"],
            requests=[f"全年新收政府信息公开申请{g('t3.new_received.total')}件，办结{g('t3.total.total')}件，"
                      f"结转下年度{g('t3.carried_forward.total')}件。",
                      "申请主要集中在学位分配、校舍建设和教师招聘等方面。"],
            review_litigation=[f"本年度涉及政府信息公开的行政复议{g('t4.review.total')}件，行政诉讼"
                               f"{f['t4.suit_direct.total'] + f['t4.suit_after_review.total']}件，"
                               f"其中被纠正的复议{g('t4.review.corrected')}件、"
                               f"诉讼{f['t4.suit_direct.corrected'] + f['t4.suit_after_review.corrected']}件。",
                               "对被纠正的案件，我局逐件复盘并修改了答复文书模板。"],
            problems=["个别学校对公开栏目的维护不够及时，部分招生信息仍以图片形式发布，不便检索。",
                      "下一步将统一学校公开栏目的更新频次，并要求以文字形式同步发布招生信息。"],
            other=["本年度未收取信息处理费。", "全区中小学校的年度公开情况已另行汇总报送。"],
        )
    raise KeyError(name)


# --------------------------------------------------------------------------------------------
# Generic table models (rows of cell strings); '' = empty (merged placeholder or blank cell)
# --------------------------------------------------------------------------------------------
def t2_rows(s, value=None, head=None):
    """Cell-per-line / text layout: caption row, header row, data rows for every block."""
    value = value or (lambda k: cell(s, k))
    head = head or (lambda h: h)
    rows = []
    for cap, hdr, data, cols in t2_spec(s["template"]):
        rows.append([cap])
        rows.append([head(h) for h in hdr])
        for row, label in data:
            rows.append([label] + [value(f"t2.{row}.{c}") for c in cols])
    return rows


def t3_data_rows(s, value=None):
    """Word-copy layout: merged label cells become '' placeholders like the seed."""
    value = value or (lambda k: cell(s, k))
    rows, prev_mid = [], None
    for key, top, mid, leaf in t3_spec(s["template"]):
        vals = [value(f"t3.{key}.{c}") for c in T3_COLS]
        if top != RES:
            rows.append([top] + vals)
            prev_mid = None
            continue
        first_in_res = key == "granted"
        labels = [top if first_in_res else ""]
        if leaf is None:
            labels.append(mid)
        else:
            labels += [mid if mid != prev_mid else "", leaf]
        prev_mid = mid
        rows.append(labels + vals)
    return rows


def pad_rng(seed, choices):
    rng = random.Random(seed)
    return lambda v: v if v == "" else rng.choice(choices).format(v)


# --------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------
def render_cell_per_line(s, p, heavy):
    """Word table pasted as text: every cell on its own TAB-led line, blank line between rows."""
    if heavy:  # like the seed: U+3000 and NBSP around digits
        pad = pad_rng(2020, ["\u3000\u3000{}", "\u00a0{}", "{}\u00a0", "\u3000{}", "{}", "\u00a0{}\u00a0"])
    else:
        pad = pad_rng(2024, ["{}", "{}", "{}", "\u00a0{}", "{}\u00a0"])
    breaks = {"本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量",
              "法律服务机构": "法律服务\n机构", "本年收费金额（单位：万元）": "本年收费金额\n（单位：万元）"}

    def table(rows):
        out = []
        for r in rows:
            for c in r:
                out.append("\t" + c)
            out.append("")
        out.append("")
        return out

    val = lambda k: pad(cell(s, k))
    t2 = t2_rows(s, value=val, head=lambda h: breaks.get(h, h))
    t3 = [[T3_CORNER, "申请人情况"], ["", "自然人", "法人或其他组织", "总计"],
          ["", ""] + [breaks.get(o, o) for o in T3_ORGS] + [""]] + t3_data_rows(s, value=val)
    t4 = [["行政复议", "行政诉讼"], T4_RESULTS + ["未经复议直接起诉", "复议后起诉"],
          [""] * 5 + T4_RESULTS * 2,
          [val(f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS]]
    tables = dict(proactive=t2, requests=t3, review_litigation=t4)

    lines = [s["title_agency"] + f"{s['year']}年政府信息公开工作年度报告", "", p["preamble"], ""]
    for sid, heading in HEADINGS:
        lines += [heading, ""]
        for para in p[sid]:
            lines += [para, ""]
        if sid in tables:
            lines += table(tables[sid])
    if s["published"]:
        yy, mm, dd = (int(x) for x in s["published"].split("-"))
        lines += ["", s["agency"], "", f"{yy}年{mm}月{dd}日", ""]
    return "\n".join(lines)


def dwidth(t):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in t)


def spaced(cells, widths):
    """Align cells on fixed display columns with runs of spaces (at least two)."""
    out = ""
    for i, c in enumerate(cells):
        if i == len(cells) - 1:
            out += c
        else:
            w = widths[i] if i < len(widths) else widths[-1]
            out += c + " " * max(2, w - dwidth(c))
    return out.rstrip()


def render_columns(s, p):
    """Plain text, one table row per line; T2 and T4 aligned with runs of spaces, T3 tab-separated."""
    lines = [f"{s['title_agency']}{s['year']}年政府信息公开工作年度报告", "", p["preamble"], ""]
    t2 = []
    for r in t2_rows(s):
        t2.append(spaced(r, [20, 16, 16, 16]))
    t3 = [T3_CORNER + "\t申请人情况",
          "自然人\t法人或其他组织\t总计",
          "\t".join(T3_ORGS)]
    for r in t3_data_rows(s):
        t3.append("\t".join(c for c in r[:-7] if c) + "\t" + "\t".join(r[-7:]))
    w4 = [10] * 15
    t4 = [spaced(["行政复议", "", "", "", "", "行政诉讼"], w4),
          spaced(T4_RESULTS + ["未经复议直接起诉", "", "", "", "", "复议后起诉"], w4),
          " " * 50 + spaced(T4_RESULTS * 2, w4),
          spaced([cell(s, f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS], w4)]
    tables = dict(proactive=t2, requests=t3, review_litigation=t4)
    for sid, heading in HEADINGS:
        lines += [heading]
        lines += p[sid]
        if sid in tables:
            lines += [""] + tables[sid] + [""]
    return "\r\n".join(lines) + "\r\n"


def md_table(rows):
    line = lambda r: "|" + "|".join(f" {c} " if c else " " for c in r) + "|"
    return [line(rows[0]), "|" + "---|" * len(rows[0])] + [line(r) for r in rows[1:]]


def render_markdown(s, p):
    lines = [f"{s['title_agency']}{s['year']}年政府信息公开工作年度报告", "", p["preamble"], ""]
    t2 = []
    for cap, hdr, data, cols in t2_spec(s["template"]):
        t2 += [cap, ""]
        t2 += md_table([hdr] + [[label] + [cell(s, f"t2.{row}.{c}") for c in cols] for row, label in data])
        t2 += [""]
    labels = [r[:-7] for r in t3_data_rows(s)]
    t3_body = []
    for (key, top, mid, leaf), lab in zip(t3_spec(s["template"]), labels):
        lab = (lab + ["", "", ""])[:3] if top == RES else [top, "", ""]
        t3_body.append(lab + [cell(s, f"t3.{key}.{c}") for c in T3_COLS])
    t3 = md_table([[T3_CORNER, "", "", "申请人情况"] + [""] * 6,
                   ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
                   ["", "", "", ""] + T3_ORGS + [""]] + t3_body) + [""]
    t4 = md_table([["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9,
                   T4_RESULTS + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"] + [""] * 4,
                   [""] * 5 + T4_RESULTS * 2,
                   [cell(s, f"t4.{g}.{c}") for g in T4_GROUPS for c in T4_COLS]]) + [""]
    tables = dict(proactive=t2, requests=t3, review_litigation=t4)
    for sid, heading in HEADINGS:
        lines += [heading, ""]
        for para in p[sid]:
            lines += [para, ""]
        if sid in tables:
            lines += tables[sid]
    if s["published"]:
        yy, mm, dd = (int(x) for x in s["published"].split("-"))
        lines += [s["agency"], f"{yy}年{mm}月{dd}日", ""]
    return "\n".join(lines)


def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_changle_html(s, p):
    """GBK HTML in the style of the 2019 上海 report (Word-made tables, rowspan/colspan, blank &nbsp; cells)."""
    def td(inner, attrs="", w=60):
        a = f' {attrs}' if attrs else ""
        return f'<td nowrap="nowrap"{a} style="width:{w}px;">{inner}</td>'

    def pc(text, center=True):
        al = ' align="center"' if center else ""
        if text == "":
            return f"<p{al}>&nbsp;</p>"
        return f"<p{al}>{text}</p>"

    def val(k):
        t = cell(s, k)
        if k == "t2.procurement.amount":  # digits and unit in separate Word runs
            return f'<p align="center"><span lang="EN-US">{t[:-1]}</span><span style="font-family:宋体">元</span></p>'
        return pc(t)

    split_labels = {"其他对外管理服务事项": '<p><span>其他对外管理</span><span>服务事项</span></p>',
                    RES: '<p align="center">三、本年度</p><p align="center">办理结果</p>',
                    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）":
                        '<p>（二）部分公开</p><p><span style="font-size:10.5pt">（区分处理的，只计这一情形，</span>'
                        '<span style="font-size:10.5pt">不计其他情形）</span></p>'}
    lab = lambda t, center=False: split_labels.get(t) or pc(t, center)

    h = []
    h.append('<table align="center" border="1" cellspacing="1"><tbody>')
    for cap, hdr, data, cols in T2_2019:
        h.append("<tr>" + td(pc(cap), 'colspan="5"', 559) + "</tr>")
        hh = [x.replace("本年新", "本年新<br />") for x in hdr]
        if len(hdr) == 4:
            h.append("<tr>" + td(pc(hh[0]), w=219) + td(pc(hh[1]), w=149) + td(pc(hh[2]), 'colspan="2"', 101)
                     + td(pc(hh[3]), w=89) + "</tr>")
        else:
            h.append("<tr>" + td(pc(hh[0]), w=219) + td(pc(hh[1]), 'colspan="2"', 150) + td(pc(hh[2]), 'colspan="2"', 190)
                     + "</tr>")
        for row, label in data:
            ks = [f"t2.{row}.{c}" for c in cols]
            if len(cols) == 2:
                cells = td(val(ks[0]), 'colspan="2"', 150) + td(val(ks[1]), 'colspan="2"', 190)
            elif row in ("rules", "normative"):
                cells = td(val(ks[0]), w=149) + td(val(ks[1]), 'colspan="2"', 101) + td(val(ks[2]), w=89)
            else:  # the value grid does not line up with the header grid (as in the real report)
                cells = td(val(ks[0]), 'colspan="2"', 150) + td(val(ks[1]), w=101) + td(val(ks[2]), w=89)
            h.append("<tr>" + td(lab(label), w=219) + cells + "</tr>")
    h.append("</tbody></table>")
    t2 = "".join(h)

    h = ['<table align="center" border="1" cellspacing="1"><tbody>']
    h.append("<tr>" + td(pc(T3_CORNER), 'colspan="3" rowspan="3"', 217) + td(pc("申请人情况"), 'colspan="7"', 355) + "</tr>")
    h.append("<tr>" + td(pc("自然人"), 'rowspan="2"', 38) + td(pc("法人或其他组织"), 'colspan="5"', 255)
             + td(pc("总计"), 'rowspan="2"', 62) + "</tr>")
    h.append("<tr>" + "".join(td(pc(o), w=47) for o in T3_ORGS) + "</tr>")
    spec = T3_2019
    groups = {}
    for key, top, mid, leaf in spec:
        if leaf:
            groups[mid] = groups.get(mid, 0) + 1
    seen = set()
    for key, top, mid, leaf in spec:
        vals = "".join(td(pc(cell(s, f"t3.{key}.{c}")), w=40) for c in T3_COLS)
        if top != RES:
            h.append("<tr>" + td(lab(top), 'colspan="3"', 217) + vals + "</tr>")
            continue
        row = ""
        if key == "granted":
            row += td(lab(RES, True), f'rowspan="{sum(1 for x in spec if x[1] == RES)}"', 23)
        if leaf is None:
            row += td(lab(mid), 'colspan="2"', 194)
        else:
            if mid not in seen:
                seen.add(mid)
                row += td(lab(mid), f'rowspan="{groups[mid]}"', 57)
            row += td(lab(leaf), w=137)
        h.append("<tr>" + row + vals + "</tr>")
    h.append("</tbody></table>")
    t3 = "".join(h)

    def t4v(k):
        t = cell(s, k)
        return "&nbsp;" if t == "" else f"<p>{t}</p>"
    h = ['<table align="center" border="1" cellspacing="1"><tbody>']
    h.append('<tr><td colspan="5"><p>行政复议</p></td><td colspan="10"><p>行政诉讼</p></td></tr>')
    h.append("<tr>" + "".join(f'<td rowspan="2"><p>{x}</p></td>' for x in T4_RESULTS)
             + '<td colspan="5"><p>未经复议直接起诉</p></td><td colspan="5"><p>复议后起诉</p></td></tr>')
    h.append("<tr>" + "".join(f"<td><p>{x}</p></td>" for x in T4_RESULTS * 2) + "</tr>")
    h.append("<tr>" + "".join(f"<td>{t4v(f't4.{g}.{c}')}</td>" for g in T4_GROUPS for c in T4_COLS) + "</tr>")
    h.append("</tbody></table>")
    t4 = "".join(h)

    title = f"{s['agency']}{s['year']}年政府信息公开工作年度报告"
    out = ["<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
           "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">",
           "<html>", "<head>",
           '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
           f"<title>{title}</title>",
           "<style type=\"text/css\">",
           ".nav{height:32px;line-height:32px;font-size:14px;} .nav a{color:#333;}",
           "/* 三、收到和处理政府信息公开申请情况 表格样式 */",
           "table td{border:1px solid #000;padding:2px 4px;} .zoom p{text-indent:2em;}",
           "</style>",
           "<script type=\"text/javascript\">",
           f"var shareTitle = \"{title}\";",
           "var related = [\"2018年政府信息公开工作年度报告\", \"2017年政府信息公开工作年度报告\"];",
           "function setFont(n){ document.getElementById('zoom').style.fontSize = n + 'px'; }",
           "</script>",
           "</head>", "<body>",
           '<div class="nav">您当前的位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
           '<a href="/zwgk/ndbg/">政府信息公开年报</a> &gt; 正文 | 相关阅读：'
           '<a href="/zwgk/ndbg/2018.htm">2018年政府信息公开工作年度报告</a> '
           '<a href="/zwgk/ndbg/2017.htm">2017年政府信息公开工作年度报告</a></div>',
           '<div class="fontsize">【字号 <a href="javascript:setFont(16)">大</a> '
           '<a href="javascript:setFont(14)">中</a> <a href="javascript:setFont(12)">小</a>】</div>',
           '<div class="zoom" id="zoom">',
           f"<p style='text-align: center;font-weight: bold;'>{title}</p>",
           f"<p style='text-align: center'>发布日期：{s['published']}</p>",
           f"<p>{esc(p['preamble'])}</p>"]
    tables = dict(proactive=t2, requests=t3, review_litigation=t4)
    for sid, heading in HEADINGS:
        if sid == "problems":  # Word list numbering kept in conditional comments
            out.append('<p class="MsoListParagraph"><!--[if !supportLists]--><span style="font-family:黑体">五、'
                       '</span><!--[endif]--><span style="font-family:黑体">存在的主要问题及改进情况</span></p>')
        else:
            out.append(f"<p>{heading}</p>")
        for para in p[sid]:
            out.append(f"<p>{esc(para)}</p>")
        if sid in tables:
            out.append(tables[sid])
    yy, mm, dd = (int(x) for x in s["published"].split("-"))
    out += [f'<p align="right">{s["agency"]}</p>', f'<p align="right">{yy}年{mm}月{dd}日</p>', "</div>",
            '<div class="footer">主办：福州市样例区人民政府办公室 &nbsp; 技术支持：区大数据中心</div>',
            "<script type=\"text/javascript\">var _hits = 1024; document.write('');</script>",
            "</body>", "</html>", ""]
    return "\r\n".join(out)


def render_minhou_html(s, p):
    """GBK HTML without any charset declaration, plain <td> grid like the Hangzhou-style report."""
    def v(k):
        t = cell(s, k)
        if k in ("t2.licensing.decisions", "t3.new_received.total", "t4.review.total", "t3.granted.natural"):
            t = f"&nbsp;{t}&nbsp;"  # padding
        return t
    h = ["<table>"]
    for cap, hdr, data, cols in T2_2021:
        h.append(f'<tr><td colspan="4">{cap}</td></tr>')
        if len(hdr) == 4:
            h.append("<tr>" + "".join(f"<td>{x}</td>" for x in hdr) + "</tr>")
        else:
            h.append(f'<tr><td>{hdr[0]}</td><td colspan="3">{hdr[1]}</td></tr>')
        for row, label in data:
            if len(cols) == 3:
                h.append(f"<tr><td>{label}</td>" + "".join(f"<td>{v(f't2.{row}.{c}')}</td>" for c in cols) + "</tr>")
            else:
                h.append(f'<tr><td>{label}</td><td colspan="3">{v(f"t2.{row}.{cols[0]}")}</td></tr>')
    h.append("</table>")
    t2 = "\n".join(h)

    spec = T3_2021
    h = ['<table class="layout" width="100%" border="0"><tr><td width="3%">&nbsp;</td><td>',
         '<table border="1" cellspacing="0">',
         f'<tr>\n  <td colspan="3" rowspan="3">{T3_CORNER}</td>\n  <td colspan="7">申请人情况</td>\n</tr>',
         "<tr>\n  <td>自然人</td><td colspan=\"5\">法人或其他组织</td><td>总计</td>\n</tr>",
         "<tr>\n  <td></td>" + "".join(f"<td>{o}</td>" for o in T3_ORGS) + "<td></td>\n</tr>"]
    groups = {}
    for key, top, mid, leaf in spec:
        if leaf:
            groups[mid] = groups.get(mid, 0) + 1
    seen = set()
    for key, top, mid, leaf in spec:
        vals = "".join(f"<td>{v(f't3.{key}.{c}')}</td>" for c in T3_COLS)
        if top != RES:
            h.append(f'<tr><td colspan="3">{top}</td>{vals}</tr>')
            continue
        row = ""
        if key == "granted":
            row += f'<td rowspan="{sum(1 for x in spec if x[1] == RES)}">{RES}</td>'
        if leaf is None:
            row += f'<td colspan="2">{mid}</td>'
        else:
            if mid not in seen:
                seen.add(mid)
                row += f'<td rowspan="{groups[mid]}">{mid}</td>'
            row += f"<td>{leaf}</td>"
        h.append(f"<tr>{row}{vals}</tr>")
    h += ["</table>", "</td></tr></table>"]
    t3 = "\n".join(h)

    t4 = "\n".join([
        "<table>",
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>',
        "<tr>\n  " + "".join(f"<td>{x}</td>" for x in T4_RESULTS)
        + '\n  <td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td>\n</tr>',
        "<tr>\n  " + "<td></td>" * 5 + "\n  " + "".join(f"<td>{x}</td>" for x in T4_RESULTS)
        + "\n  " + "".join(f"<td>{x}</td>" for x in T4_RESULTS) + "\n</tr>",
        "<tr>\n" + "\n".join("  " + "".join(f"<td>{v(f't4.{g}.{c}')}</td>" for c in T4_COLS) for g in T4_GROUPS) + "\n</tr>",
        "</table>"])

    title = f"{s['agency']}{s['year']}年政府信息公开工作年度报告"
    out = ["<!DOCTYPE html>", "<html><head>", f"<title>{title}</title>", "</head>", "<body>",
           '<div id="zoom" class="article-content">', f"<h2>{title}</h2>", f"<p>{esc(p['preamble'])}</p>"]
    tables = dict(proactive=t2, requests=t3, review_litigation=t4)
    for sid, heading in HEADINGS:
        out.append(f"<p>{heading}</p>")
        for para in p[sid]:
            out.append(f"<p>{esc(para)}</p>")
        if sid in tables:
            out.append(tables[sid])
    out += ["</div>", "</body></html>", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Self-checks and output
# --------------------------------------------------------------------------------------------
RESOLVED = {
    "2020_jinshui_tongjiju.txt": [
        "Sample written by the project (corpus/make_samples.py). Layout copies the seed 2020_erqiqu_scjgj.txt: "
        "one TAB-led line per table cell, a blank line between table rows, header cells broken over two lines "
        "(\"本年新\" / \"制作数量\"), U+3000 and U+00A0 around digits, '' cells for merged labels.",
        "meta.agency: the title prints the short form \"示例区统计局\"; the signature prints \"郑州市示例区统计局\" "
        "followed by \"2021年1月15日\" (= meta.published).",
        "t2.procurement: \"14批\" and \"329.1877(万元）\" → 14 (批) and 329.1877 (万元). t2.penalty.change -29 and "
        "t2.coercion.change -13 are signed.",
        "Section numbering is correct (unlike the seed). No blank cells: every cell holds a number.",
    ],
    "2021_gulou_minzhengju.gbk.txt": [
        "Sample written by the project. GBK bytes, CRLF line ends, no BOM. Tables are text with one row per line: "
        "table 2 and table 4 aligned with runs of spaces, table 3 separated by TABs; merged T3 labels are dropped on "
        "continuation rows (\"2.其他法律行政法规禁止公开\\t0\\t…\" follows \"（三）不予公开\\t1.属于国家秘密\\t…\").",
        "Table 4 data row has no label; the three header lines precede it. No date printed → published null.",
        "t2.fees.amount 24252.311082 is in 万元 per the header (no unit in the cell, so no units entry).",
    ],
    "2022_lianjiang_shuiliju.md": [
        "Sample written by the project. Markdown with plain-line headings and clean pipe tables; each table 2 "
        "block is its own table under a plain caption line; table 3 and table 4 expand merged cells into empty "
        "cells (extra header rows are body rows after the |---| line).",
        "DELIBERATE ERROR (see publisher_errors): 一、本年新收 prints 219 (自然人) and 220 (总计) where the source "
        "figures are 217 / 218, so T3-BALANCE fails in those two columns while T3-ROWSUM and T3-TOTAL still hold. "
        "The prose repeats the printed 220 and 218.",
        "Signature \"示范县水利局\" / \"2023年1月16日\" → published 2023-01-16.",
    ],
    "2019_changle_jiaotongju.gbk.html": [
        "Sample written by the project. GBK bytes declared as charset=gb2312 in a <meta http-equiv>; CRLF. "
        "<style>, <script> (with a copy of the title and other years' titles) and a navigation <div> with links to "
        "2017/2018 reports must be ignored.",
        "Heading 五 is split into Word runs with <!--[if !supportLists]-->…<!--[endif]--> around \"五、\".",
        "Blank cells (&nbsp;, null): t3.carried_over.commercial/research/social, the whole t3.denied_law row, "
        "t3.unprocessed_excessive.research/social; t4 review/suit_direct corrected+other and all of "
        "suit_after_review. Identities hold with blanks as 0.",
        "Table 2 grid is 5 columns wide and in the （五）/（六） rows the value cells do not line up with the header "
        "colspans (as in the 2019 上海 report); values map by order. 采购总金额 prints \"75394432.52元\" split in two "
        "<span>s → 75394432.52, unit 元.",
        "Preamble enumerates the six parts in prose; only the <p> headings are sections. 发布日期 2020-01-21 and "
        "the signature date agree.",
    ],
    "2023_minhou_shichangju.nocharset.html": [
        "Sample written by the project. GBK bytes with NO charset declaration (no <meta>, no BOM); the encoding "
        "has to be detected.",
        "Full-width digits: t3.new_received.natural \"８０\", t3.granted.natural \"２２\", t3.unable_not_held.natural "
        "\"３１\", t3.total.total \"８１\", t4.suit_direct.upheld \"４\". Thousands separator: t2.licensing.decisions "
        "\"2,629\". Some cells are padded with &nbsp;.",
        "Table 3 is nested inside a one-row layout table (first layout cell holds only &nbsp;). Table 3 third header "
        "row and table 4 third header row carry empty <td></td> placeholders (not data).",
        "No date printed → published null.",
    ],
    "2024_cangshan_jiaoyuju.utf16.txt": [
        "Sample written by the project. UTF-16LE with BOM, LF line ends; tables one TAB-led cell per line with a "
        "blank line between rows (the seed's layout), 2021 template.",
        "Overview paragraphs start with \"（一）主动公开政府信息情况。\" and \"（二）依申请公开情况。\" — sub-items of "
        "一、总体情况, not sections.",
        "Signature \"福州市模范区教育局\" / \"2025年1月20日\" → published 2025-01-20.",
    ],
}


def main():
    os.makedirs(CORPUS, exist_ok=True)
    os.makedirs(EXPECTED, exist_ok=True)
    problems = []
    for s in SAMPLES:
        s["facts"] = facts_of(s)
        # identities: only the declared deliberate failures are allowed
        got = check_identities(s["template"], s["facts"])
        want = [(e["rule"], e["where"].split(".")[-1] if e["rule"] in ("T3-BALANCE", "T3-TOTAL") else e["where"].split(".")[1])
                for e in s["errors"]]
        if sorted(got) != sorted(want):
            problems.append(f"{s['file']}: identity failures {got}, declared {want}")
        # every printed cell parses back to its value and unit
        for k, v in s["facts"].items():
            pv, pu = parse_cell(cell(s, k))
            if pv != v or (isinstance(pv, float) != isinstance(v, float)) or pu != s["units"].get(k):
                problems.append(f"{s['file']}: cell {k} prints {cell(s, k)!r} -> {pv!r} {pu!r}, expected {v!r} {s['units'].get(k)!r}")
        for k in s["raw"]:
            assert k in s["facts"], (s["file"], k)
    if problems:
        sys.exit("self-check failed:\n  " + "\n  ".join(problems))

    for s in SAMPLES:
        p = prose(s)
        for sid, _h in HEADINGS:  # 2-4 sentences of prose per section
            n = sum(para.count("。") for para in p[sid])
            if not 2 <= n <= 4:
                sys.exit(f"self-check failed: {s['file']} section {sid} has {n} sentences")
        name = s["file"]
        if name == "2020_jinshui_tongjiju.txt":
            data = render_cell_per_line(s, p, heavy=True).encode("utf-8")
        elif name == "2021_gulou_minzhengju.gbk.txt":
            data = render_columns(s, p).encode("gbk")
        elif name == "2022_lianjiang_shuiliju.md":
            data = render_markdown(s, p).encode("utf-8")
        elif name == "2019_changle_jiaotongju.gbk.html":
            text = render_changle_html(s, p)
            text.encode("gb2312")  # declared gb2312: every character must exist there too
            data = text.encode("gbk")
        elif name == "2023_minhou_shichangju.nocharset.html":
            text = render_minhou_html(s, p)
            assert "charset" not in text.lower() and "encoding" not in text.lower()
            data = text.encode("gbk")
        elif name == "2024_cangshan_jiaoyuju.utf16.txt":
            data = "\ufeff".encode("utf-16-le") + render_cell_per_line(s, p, heavy=False).encode("utf-16-le")
        else:
            raise KeyError(name)
        with open(os.path.join(CORPUS, name), "wb") as fh:
            fh.write(data)
        exp = {
            "file": name,
            "meta": {"agency": s["agency"], "year": s["year"], "template": s["template"], "published": s["published"]},
            "sections": [sid for sid, _h in HEADINGS],
            "facts": s["facts"],
            "units": s["units"],
            "resolved": RESOLVED[name],
            "publisher_errors": s["errors"],
        }
        with open(os.path.join(EXPECTED, name + ".json"), "w", encoding="utf-8", newline="\n") as fh:
            fh.write(json.dumps(exp, ensure_ascii=False, indent=2) + "\n")
        print(f"wrote corpus/{name} ({len(data)} bytes) and tests/expected/{name}.json ({len(s['facts'])} facts)")


if __name__ == "__main__":
    main()
