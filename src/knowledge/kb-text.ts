/**
 * How knowledge-base text is indexed and how a query is split between the indexes. Pure.
 *
 * FTS5's trigram tokenizer finds any substring of 3 characters or more, but a term of 1 or 2 characters matches
 * nothing, and most Chinese words are 2 characters (停电, 报修, 欠费). So each article is also indexed as its CJK
 * bigrams ("停电报修" → "停电 电报 报修") in a unicode61 table, where a 2-character Chinese term is one token lookup.
 * What neither index can answer (a single character, or 2 Latin letters, which unicode61 matches only as a whole word)
 * is a LIKE condition, applied to the candidates of the other terms or, alone, to a capped scan.
 */

const cjk = /[\u3400-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

/** The article's text for the bigram index: every CJK run as overlapping bigrams, other words as they are. */
export function bigramText(text: string): string {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length === 1) out.push(run[0]!);
    for (let i = 0; i + 1 < run.length; i++) out.push(run[i]! + run[i + 1]!);
    run = [];
  };
  for (const ch of text.toLowerCase()) {
    if (cjk.test(ch)) {
      run.push(ch);
      continue;
    }
    flush();
    out.push(/[\p{L}\p{N}]/u.test(ch) ? ch : ' ');
  }
  flush();
  // Latin letters were pushed one by one: join them back into words, CJK bigrams stay space-separated.
  return out
    .map((t) => (t.length === 1 && !cjk.test(t) ? t : ` ${t} `))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface SearchPlan {
  /** Terms of 3 characters or more: an FTS5 MATCH expression for the trigram table (each a quoted phrase, ANDed). */
  trigram: string | null;
  /** 2-character CJK terms: a MATCH expression for the bigram table. */
  bigram: string | null;
  /** Terms neither index answers: each must appear in the title or body (LIKE, % and _ escaped with \). */
  like: string[];
}

const quote = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** Splits a query on white space; every term must appear in an article for it to match. */
export function searchPlan(query: string): SearchPlan {
  const terms = [...new Set(query.trim().toLowerCase().split(/\s+/).filter(Boolean))];
  const tri: string[] = [];
  const bi: string[] = [];
  const like: string[] = [];
  for (const t of terms) {
    const chars = [...t];
    if (chars.length >= 3) tri.push(quote(t));
    else if (chars.length === 2 && chars.every((c) => cjk.test(c))) bi.push(quote(t));
    else like.push(`%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  return { trigram: tri.length ? tri.join(' AND ') : null, bigram: bi.length ? bi.join(' AND ') : null, like };
}

/** The form a "not found" question is counted under: trimmed, lower case, inner white space as one space. */
export function questionKey(question: string): string {
  return question.trim().toLowerCase().replace(/\s+/g, ' ');
}
