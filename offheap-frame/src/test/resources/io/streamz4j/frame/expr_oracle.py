# Runs random element-wise pipelines (argv[1], JSON) over the same batches through streamz 0.6.4 +
# pandas and prints every emitted result after "EXPR-ORACLE-RESULTS ". Used by ExprOracleTest.
# Doubles travel as their IEEE bits (signed int64), both ways, so NaN, infinities and the sign of
# zero survive JSON. Every pipeline runs on its own source, so one that pandas refuses (reported
# as {"error": ...}) leaves the others running. numpy's shifts have no pandas operator, so they are
# applied per batch with map_partitions, as a streamz user would. Cumulative operations and
# min/max are pandas over all rows so far: streamz 0.6.4 restarts its cumulative state from NaN
# after a batch that ends in one and has no full-history min/max, and pandas' answer is the one
# a streaming result must equal.
import json, struct, sys, warnings
import numpy as np
import pandas as pd
from streamz import Stream
from streamz.collection import map_partitions
from streamz.dataframe import DataFrame

warnings.simplefilter('ignore')
DTYPES = {'k': object, 'g': object, 'a': 'int32', 'b': 'int64', 'x': 'float64', 'y': 'float64',
          'p': 'bool', 'q': 'bool'}


def from_bits(v):
    return struct.unpack('<d', struct.pack('<q', v))[0]


def to_bits(v):
    return struct.unpack('<q', struct.pack('<d', float(v)))[0]


def encode(values, kind):
    if kind == 'f':
        return ['f', [to_bits(v) for v in values]]
    if kind == 'b':
        return ['b', [bool(v) for v in values]]
    return ['i', [int(v) for v in values]]


def encode_series(s):
    return encode(list(s), s.dtype.kind)


def encode_scalar(v):
    if isinstance(v, (bool, np.bool_)):
        return encode([v], 'b')
    if isinstance(v, (int, np.integer)):
        return encode([v], 'i')
    return encode([v], 'f')


def frame(batch):
    cols = {}
    for c, t in DTYPES.items():
        vals = batch[c]
        if t == 'float64':
            vals = [from_bits(v) for v in vals]
        cols[c] = pd.Series(vals, dtype=t)
    return pd.DataFrame(cols)


def lsh(a, b):
    return map_partitions(np.left_shift, a, b)


def rsh(a, b):
    return map_partitions(np.right_shift, a, b)


def run(pipeline, frames, example):
    src = Stream()
    sdf = DataFrame(src, example=example)
    env = {'sdf': sdf, 'lsh': lsh, 'rsh': rsh, 'nan': float('nan'), 'inf': float('inf')}
    series = eval(pipeline['expr'], env)
    final = pipeline['final']
    if final.startswith('where:'):
        series = sdf[series][final[len('where:'):]]
    if final in ('sum', 'mean', 'count'):
        out = getattr(series, final)().stream.sink_to_list()
        for f in frames:
            src.emit(f)
        return [encode_scalar(v) for v in out]
    parts = series.stream.sink_to_list()
    for f in frames:
        src.emit(f)
    if final in ('values',) or final.startswith('where:'):
        return [encode_series(s) for s in parts]
    results = []
    for i in range(len(parts)):
        seen = pd.concat(parts[:i + 1])
        if final in ('min', 'max'):
            v = getattr(seen, final)()
            results.append(encode_scalar(v))
        else:
            acc = getattr(seen, final)()
            results.append(encode_series(acc.iloc[len(seen) - len(parts[i]):]))
    return results


def main():
    spec = json.load(open(sys.argv[1]))
    frames = [frame(b) for b in spec['batches']]
    example = frame({c: [] for c in DTYPES})
    out = []
    for p in spec['pipelines']:
        try:
            out.append(run(p, frames, example))
        except Exception as e:
            out.append({'error': type(e).__name__ + ': ' + str(e)[:200]})
    print('EXPR-ORACLE-RESULTS ' + json.dumps(out))


main()
