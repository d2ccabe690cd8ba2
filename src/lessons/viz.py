"""Pictures: return images/figures, never write files (the caller decides where).

Thai text is drawn with Sarabun from the ``fontpkg-sarabun`` package dependency, and
word clouds are built from our own token counts — never from wordcloud's default regex,
which drops Thai vowel and tone marks.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def thai_font_path(weight: int = 400) -> Path:
    """Sarabun from its Python package (``fontpkg-sarabun``)."""
    import fontpkg

    return Path(fontpkg.path("Sarabun", weight=weight))


def check_thai_rendering() -> bool:
    """Pillow places Thai marks correctly only with its raqm layout engine."""
    from PIL import features

    return bool(features.check("raqm"))


def wordcloud_image(frequencies: dict[str, float], width: int = 1600, height: int = 900,
                    max_words: int = 120, seed: int = 0, background: str = "white",
                    colormap: str = "viridis"):
    """A word cloud (PIL image) from term counts; all words horizontal."""
    from wordcloud import WordCloud

    if not frequencies:
        raise ValueError("no words to draw")
    # laid out at half size and drawn at full size (wordcloud's ``scale``): 3x faster, same picture
    wc = WordCloud(
        font_path=str(thai_font_path(700)), width=width // 2, height=height // 2, scale=2, max_words=max_words,
        prefer_horizontal=1.0, background_color=background, colormap=colormap,
        random_state=seed, collocations=False, normalize_plurals=False, regexp=None,
        include_numbers=True, margin=3,
        max_font_size=height // 6,  # what it would choose anyway; given, it spares a trial layout
    )
    wc.generate_from_frequencies({str(k): float(v) for k, v in frequencies.items()})
    return wc.to_image()


def use_thai_font_in_matplotlib() -> str:
    """Register Sarabun with matplotlib and make it the default; returns its name."""
    import matplotlib
    from matplotlib import font_manager

    for w in (400, 700):
        font_manager.fontManager.addfont(str(thai_font_path(w)))
    name = font_manager.FontProperties(fname=str(thai_font_path(400))).get_name()
    matplotlib.rcParams["font.family"] = name
    return name


def draw_cooccurrence(graph, ax=None, seed: int = 0):
    """Draw a co-occurrence graph with Thai labels; returns the matplotlib figure."""
    import matplotlib.pyplot as plt
    import networkx as nx

    use_thai_font_in_matplotlib()
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 8))
    else:
        fig = ax.figure
    pos = nx.spring_layout(graph, seed=seed, weight="weight")
    widths = [0.5 + graph[u][v]["weight"] / 4 for u, v in graph.edges]
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, alpha=0.35)
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=80, node_color="#2a6f97")
    nx.draw_networkx_labels(graph, pos, ax=ax, font_family=use_thai_font_in_matplotlib(), font_size=11)
    ax.set_axis_off()
    return fig
