"""Indexes over current chunks: keyword (BM25 over folded jieba tokens) and dense (vectors)."""
