# Runs the batches given as JSON (argv[1]) through streamz 0.6.4 + pandas and prints every emitted
# running result as JSON after "FRAME-ORACLE-RESULTS ". Used by FrameOracleTest.
# streamz itself has no full-history var/std/min/max (only windowed ones) and no groupby min/max:
# for those the reference is pandas over all rows so far (pd.concat of the batches), which is what
# a streaming running result must equal.
import json, math, sys
import pandas as pd
from streamz import Stream
from streamz.dataframe import DataFrame

def num(v):
    v = float(v)
    return None if math.isnan(v) else v

def series(s):
    return {str(k): num(v) for k, v in s.items()}

def frame(df):
    return {c: [num(v) for v in df[c]] for c in df.columns}

def grouped(r, name=None):
    if isinstance(r, pd.Series):
        return {name or r.name or 'size': series(r)}
    return {c: series(r[c]) for c in r.columns}

def run(batches):
    ex = pd.DataFrame({'name': pd.Series([], dtype=object), 'i': pd.Series([], dtype='int64'),
                       'x': pd.Series([], dtype='float64')})
    frames = [pd.DataFrame({'name': pd.Series(b['name'], dtype=object), 'i': pd.Series(b['i'], dtype='int64'),
                            'x': pd.Series(b['x'], dtype='float64')}) for b in batches]
    src = Stream()
    sdf = DataFrame(src, example=ex)
    num_df = sdf[['i', 'x']]
    sinks = {}
    def sink(key, stream_like, conv):
        lst = stream_like.stream.sink_to_list()
        sinks[key] = (lst, conv)
    for op in ['sum', 'mean', 'count']:
        sink('df.' + op, getattr(num_df, op)(), series)
        sink('x.' + op, getattr(sdf.x, op)(), num)
        sink('i.' + op, getattr(sdf.i, op)(), num)
    sink('df.size', num_df.size, num)
    sink('all.size', sdf.size, num)
    sink('x.size', sdf.x.size, num)
    for op in ['cumsum', 'cumprod', 'cummin', 'cummax']:
        sink('df.' + op, getattr(num_df, op)(), frame)
    sink('name.value_counts', sdf.name.value_counts(), lambda r: grouped(r, 'count'))
    sink('where.x.sum', sdf[sdf.x > 0].x.sum(), num)
    sink('where.i.sum', sdf[sdf.i > 100].i.sum(), num)
    g = sdf.groupby('name')
    for op in ['sum', 'mean', 'count']:
        sink('g.' + op, getattr(g, op)(), grouped)
    sink('g.size', g.size(), grouped)
    sink('g.var', g.var(), grouped)
    sink('g.std', g.std(), grouped)
    sink('gx.sum', g.x.sum(), grouped)
    out = {k: [] for k in sinks}
    concat = {k: [] for k in ['df.var', 'df.std', 'df.min', 'df.max', 'x.var', 'x.std', 'x.min', 'x.max',
                              'i.min', 'i.max', 'g.min', 'g.max']}
    seen = []
    for f in frames:
        src.emit(f)
        seen.append(f)
        allrows = pd.concat([ex] + seen, ignore_index=True).astype({'i': 'int64', 'x': 'float64'})
        nums = allrows[['i', 'x']]
        concat['df.var'].append(series(nums.var()))
        concat['df.std'].append(series(nums.std()))
        concat['df.min'].append(series(nums.min()))
        concat['df.max'].append(series(nums.max()))
        for op in ['var', 'std', 'min', 'max']:
            concat['x.' + op].append(num(getattr(allrows.x, op)()))
        concat['i.min'].append(num(allrows.i.min()))
        concat['i.max'].append(num(allrows.i.max()))
        concat['g.min'].append(grouped(allrows.groupby('name')[['i', 'x']].min()))
        concat['g.max'].append(grouped(allrows.groupby('name')[['i', 'x']].max()))
    for k, (lst, conv) in sinks.items():
        out[k] = [conv(v) for v in lst]
    out.update(concat)
    return out

data = json.load(open(sys.argv[1]))
print('FRAME-ORACLE-RESULTS ' + json.dumps([run(r) for r in data]))
