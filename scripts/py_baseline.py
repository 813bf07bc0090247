"""Baseline for scripts/bench.sh: the usual Python pipeline on HTML reports.

Paths on stdin; for each: decode, pandas.read_html, find table 3 by its 自然人 header, read its
rows by position and check T3-BALANCE on the 总计 column. Prints one JSON line per file.
"""
import io, json, sys
import pandas as pd

for line in sys.stdin:
    path = line.strip()
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    out = {"path": path}
    try:
        tables = pd.read_html(io.StringIO(text))
        t3 = next(t for t in tables if t.astype(str).apply(lambda c: c.str.contains("自然人")).any().any())
        rows = {str(r.iloc[0]): pd.to_numeric(r.iloc[-1], errors="coerce") for _, r in t3.iterrows()}
        get = lambda w: next((v for k, v in rows.items() if w in k), 0) or 0
        out["balance_ok"] = bool(get("本年新收") + get("上年结转") == get("总计") + get("结转下年度"))
    except Exception as e:  # the baseline reports, it does not stop
        out["error"] = str(e)[:80]
    print(json.dumps(out, ensure_ascii=False))
