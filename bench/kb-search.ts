/**
 * Knowledge-base search benchmark (issue 16). 100,000 generated Chinese articles (words of 2 characters drawn from a
 * 3,000-word vocabulary with Zipf frequencies, ~80 words each), searched through KbRepo.search (trigram FTS5 for terms
 * of 3+ characters, the CJK-bigram FTS5 table for 2-character words) and, in the same run on the same database, by the
 * baseline a plain `LIKE '%term%'` over title and body. Both return at most 20 articles. Query kinds: a common word
 * (rank 10), a mid word (rank 300), a rare word (rank 2,900), a 4-character phrase taken from an article, and a word in no article.
 * Run: `npx tsx bench/kb-search.ts [--articles N] [--queries N] [--write]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../src/qa/sampling.js';
import { openDb } from '../src/store/db.js';
import { KbRepo } from '../src/store/kb-repo.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const articles = num('--articles', 100_000);
const queries = num('--queries', 200);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-kb-'));

// A seeded generator so every run searches the same text.
const rand = seededRandom(42);
const vocab: string[] = [];
const seen = new Set<string>();
while (vocab.length < 3000) {
  const w = String.fromCodePoint(0x4e00 + Math.floor(rand() * 0x1400), 0x4e00 + Math.floor(rand() * 0x1400));
  if (!seen.has(w)) seen.add(w), vocab.push(w);
}
// Zipf: the cumulative weights of 1/rank, searched by bisection.
const cum: number[] = [];
vocab.reduce((acc, _, i) => (cum.push(acc + 1 / (i + 1)), acc + 1 / (i + 1)), 0);
const word = () => {
  const x = rand() * cum.at(-1)!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return vocab[lo]!;
};

const db = openDb(join(dir, 'kb.db'));
const kb = new KbRepo(db);
const t0 = performance.now();
const phrases: string[] = [];
db.transaction(() => {
  for (let i = 0; i < articles; i++) {
    const words = Array.from({ length: 80 }, word);
    if (i % Math.max(1, Math.floor(articles / queries)) === 0) phrases.push(words[40]! + words[41]!);
    kb.insert({ lang: 'zh', category: `c${i % 20}`, keys: [], title: words.slice(0, 5).join(''), body: words.join(''), createdAt: i, createdBy: 'bench' });
  }
})();
const loadS = (performance.now() - t0) / 1000;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
function measure(terms: readonly string[], fn: (t: string) => unknown): { p50: number; p99: number } {
  const ms: number[] = [];
  for (const t of terms) {
    const a = performance.now();
    fn(t);
    ms.push(performance.now() - a);
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99) };
}

const kinds: Array<[string, string[]]> = [
  ['common 2-char word (rank 10)', Array.from({ length: queries }, () => vocab[9]!)],
  ['mid 2-char word (rank 300)', Array.from({ length: queries }, (_, i) => vocab[295 + (i % 10)]!)],
  ['rare 2-char word (rank 2,900)', Array.from({ length: queries }, (_, i) => vocab[2890 + (i % 10)]!)],
  ['4-char phrase from an article', phrases.slice(0, queries)],
  ['absent 2-char word', Array.from({ length: queries }, (_, i) => String.fromCodePoint(0x7000 + (i % 50), 0x7100))],
];

out('## Knowledge-base search (issue 16)');
out('');
out(`\`npx tsx bench/kb-search.ts\`: ${articles.toLocaleString('en')} generated Chinese articles (~160 characters each, 2-character words from a 3,000-word Zipf vocabulary), loaded in ${loadS.toFixed(1)} s with both FTS5 indexes; ${queries} queries per kind, at most 20 results each. Baseline in the same run on the same database: plain \`LIKE '%term%'\` over title and body. Shared 2-core machine (${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}); milliseconds.`);
out('');
out('| query | indexed p50 | indexed p99 | LIKE p50 | LIKE p99 | hits (indexed / LIKE, first query) |');
out('|---|---|---|---|---|---|');
for (const [name, terms] of kinds) {
  const idx = measure(terms, (t) => kb.search(t, { limit: 20 }));
  const like = measure(terms, (t) => kb.searchByLike(t, 20));
  const hits = `${kb.search(terms[0]!, { limit: 20 }).length} / ${kb.searchByLike(terms[0]!, 20).length}`;
  out(`| ${name} | ${idx.p50.toFixed(2)} | ${idx.p99.toFixed(2)} | ${like.p50.toFixed(2)} | ${like.p99.toFixed(2)} | ${hits} |`);
}
out('');
out('A 2-character word goes to the bigram index (unicode61 over CJK bigrams), 3+ characters to the trigram index ranked by bm25; one character or 2 Latin letters fall back to LIKE (src/knowledge/kb-text.ts).');
db.close();
rmSync(dir, { recursive: true, force: true });
if (flag('--write')) writeDocSection('## Knowledge-base search (issue 16)', lines);
