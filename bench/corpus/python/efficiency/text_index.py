"""Build a tiny inverted index over a folder of Markdown notes."""
import re
import string
from collections import defaultdict
from pathlib import Path

WORD_RE = re.compile(r"[a-z0-9']+")
HEADING_PATTERN = r"^#{1,6}\s+(.*)$"


def load_stopwords(path: Path) -> list:
    return [w.strip().lower() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]


def tokenize(text: str, stopwords: list) -> list:
    tokens = []
    for word in WORD_RE.findall(text.lower()):
        word = word.strip(string.punctuation)
        if word and word not in stopwords:  # label: efficiency/list-membership-in-loop
            tokens.append(word)
    return tokens


def extract_headings(text: str) -> list:
    headings = []
    for line in text.splitlines():
        heading_re = re.compile(HEADING_PATTERN)  # label: efficiency/regex-compile-in-loop
        m = heading_re.match(line)
        if m:
            headings.append(m.group(1).strip())
    return headings


class NoteIndex:
    def __init__(self, stopwords: list):
        self.stopwords = stopwords
        self.postings = defaultdict(set)
        self.headings = {}
        self.recent = []

    def add(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        for token in tokenize(text, self.stopwords):
            self.postings[token].add(path.name)
        self.headings[path.name] = extract_headings(text)
        self.recent.insert(0, path.name)  # label: efficiency/list-insert-front

    def latest(self, n: int = 10) -> list:
        return self.recent[:n]

    def search(self, query: str) -> list:
        terms = tokenize(query, self.stopwords)
        if not terms:
            return []
        result = set(self.postings.get(terms[0], set()))
        for term in terms[1:]:
            result &= self.postings.get(term, set())
        return sorted(result)

    def outline(self, name: str) -> str:
        heads = self.headings.get(name, [])
        out = f"{name}\n"
        out += "\n".join(f"  - {h}" for h in heads)
        return out


def build_index(notes_dir: Path, stopwords_file: Path) -> NoteIndex:
    index = NoteIndex(load_stopwords(stopwords_file))
    for path in sorted(notes_dir.rglob("*.md"), key=lambda p: p.stat().st_mtime):
        index.add(path)
    return index


if __name__ == "__main__":
    import sys

    idx = build_index(Path(sys.argv[1]), Path(sys.argv[2]))
    for hit in idx.search(" ".join(sys.argv[3:])):
        print(idx.outline(hit))
