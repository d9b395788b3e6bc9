from pathlib import Path

import pytest

from timeline.extract.evaluate import evaluate, load_gold


def row(article="a.txt", kind="primary", countries=("RU", "FR"), **fields):
    names = {"RU": "vladimir-putin", "FR": "emmanuel-macron", "TR": "recep-tayyip-erdogan"}
    base = {
        "article": article,
        "kind": kind,
        "participants": [{"leader": names[c], "country": c} for c in countries],
        "medium": "phone",
        "initiator": None,
        "date": "2020-03-26",
        "date_certain": True,
        "topics_required": [],
        "topics_allowed": [],
    }
    base.update(fields)
    return base


def pred(countries=("RU", "FR"), leaders=None, **fields):
    names = leaders or {"RU": "vladimir-putin", "FR": "emmanuel-macron", "TR": "recep-erdogan"}
    base = {
        "participants": [{"leader": names[c], "country": c} for c in countries],
        "medium": "phone",
        "initiator": None,
        "date": "2020-03-26",
        "topics": [],
        "historical": False,
    }
    base.update(fields)
    return base


def test_it_matches_on_the_set_of_countries_whatever_the_order():
    report = evaluate([row()], {"a.txt": [pred(countries=("FR", "RU"))]})
    assert (report.true_positives, report.false_positives, report.false_negatives) == (1, 0, 0)
    assert report.f1 == 1.0


def test_it_counts_a_miss_and_a_false_contact():
    report = evaluate([row()], {"a.txt": [pred(countries=("RU", "TR"))]})
    assert (report.true_positives, report.false_positives, report.false_negatives) == (0, 1, 1)
    assert any(line.startswith("MISSED") for line in report.lines)
    assert any(line.startswith("FALSE") for line in report.lines)


def test_it_prefers_the_gold_row_with_the_same_date_then_the_same_medium():
    gold = [
        row(date="2020-03-25", kind="optional"),
        row(date="2020-03-26", medium="meeting"),
        row(date="2020-03-26"),
    ]
    report = evaluate(gold, {"a.txt": [pred()]})
    assert report.true_positives == 1
    assert report.medium.ratio == 1.0 and report.date.ratio == 1.0
    # The meeting row stays unmatched: a miss.
    assert report.false_negatives == 1


def test_optional_rows_are_neither_required_nor_false():
    gold = [row(kind="optional")]
    assert evaluate(gold, {"a.txt": []}).false_negatives == 0
    report = evaluate(gold, {"a.txt": [pred(), pred(medium="meeting")]})
    assert (report.true_positives, report.false_positives) == (0, 0)


def test_a_duplicate_of_a_primary_contact_is_false():
    report = evaluate([row()], {"a.txt": [pred(), pred(date="2020-03-20")]})
    assert (report.true_positives, report.false_positives) == (1, 1)


def test_anything_predicted_for_a_none_article_is_false():
    gold = [{"article": "a.txt", "kind": "none"}]
    assert evaluate(gold, {"a.txt": []}).f1 == 1.0
    assert evaluate(gold, {"a.txt": [pred()]}).false_positives == 1


def test_a_historical_prediction_matching_nothing_is_false():
    report = evaluate([row(article="b.txt")], {"a.txt": [pred(historical=True)]})
    assert report.false_positives == 1


def test_only_articles_that_were_read_are_scored():
    report = evaluate([row(), row(article="b.txt")], {"a.txt": [pred()]})
    assert (report.true_positives, report.false_negatives, report.articles) == (1, 0, 1)


def test_leader_accuracy_needs_a_shared_name_word_per_country():
    good = pred(leaders={"RU": "putin", "FR": "macron-emmanuel"})
    bad = pred(leaders={"RU": "vladimir-putin", "FR": "francois-hollande"})
    assert evaluate([row()], {"a.txt": [good]}).leader.ratio == 1.0
    report = evaluate([row()], {"a.txt": [bad]})
    assert report.leader.ratio == 0.0
    assert any("francois-hollande for emmanuel-macron" in line for line in report.lines)


def test_name_particles_alone_do_not_make_a_leader_right():
    gold = row(countries=("RU", "FR"))
    gold["participants"][1]["leader"] = "mohammed-bin-salman"
    prediction = pred(leaders={"RU": "vladimir-putin", "FR": "salman-bin-abdulaziz"})
    assert evaluate([gold], {"a.txt": [prediction]}).leader.ratio == 1.0  # "salman"
    prediction = pred(leaders={"RU": "vladimir-putin", "FR": "hamad-bin-isa"})
    assert evaluate([gold], {"a.txt": [prediction]}).leader.ratio == 0.0


def test_initiator_is_scored_only_where_gold_has_one():
    report = evaluate([row()], {"a.txt": [pred(initiator="FR")]})
    assert report.initiator.total == 0
    report = evaluate([row(initiator="FR")], {"a.txt": [pred(initiator=None)]})
    assert (report.initiator.right, report.initiator.total) == (0, 1)


def test_uncertain_dates_are_not_scored():
    report = evaluate([row(date_certain=False)], {"a.txt": [pred(date="2020-01-01")]})
    assert report.date.total == 0


def test_topic_recall_and_precision():
    gold = row(topics_required=["syria", "libya"], topics_allowed=["energy"])
    prediction = pred(topics=["syria", "energy", "iran", "not-a-slug"])
    report = evaluate(
        [gold], {"a.txt": [prediction]}, taxonomy=["syria", "libya", "energy", "iran"]
    )
    assert (report.topic_recall.right, report.topic_recall.total) == (1, 2)
    assert (report.topic_precision.right, report.topic_precision.total) == (2, 3)
    assert any("missing libya" in line for line in report.lines)
    assert any("extra iran" in line for line in report.lines)


SHARED = Path(__file__).resolve().parents[3] / "shared"


def _run(gold_name: str, *folders: str):
    pytest.importorskip("timeline.extract.leaders")
    from timeline.extract.pipeline import article_name, extract_paths
    from timeline.extract.readers import ReadError
    from timeline.extract.topics import read_topics_csv

    predictions: dict[str, list[dict]] = {}
    for doc, contacts in extract_paths([SHARED / f for f in folders]):
        assert not isinstance(doc, ReadError), doc
        name = article_name(doc)
        predictions[name] = [c.to_json(article=name) for c in contacts]
    gold = load_gold(SHARED / "contract" / gold_name)
    slugs = [row["slug"] for row in read_topics_csv()]
    return evaluate(gold, predictions, taxonomy=slugs), gold, predictions


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="no shared seeds")
def test_every_seed_is_exactly_right():
    report, _gold, _predictions = _run("seeds-gold.jsonl", "seeds")
    assert (report.false_positives, report.false_negatives) == (0, 0), report.lines
    for name in ("medium", "leader", "initiator", "date", "topic_recall", "topic_precision"):
        assert getattr(report, name).ratio == 1.0, (name, report.lines)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="no shared corpus")
def test_the_corpus_meets_the_targets():
    report, _, _ = _run("corpus-gold.jsonl", "corpus/ant", "corpus/saudinewsnet")
    figures = report.figures()
    assert figures["contacts_f1"] >= 0.90, report.summary()
    assert figures["leader"] >= 0.95, report.summary()
    assert figures["medium"] >= 0.95, report.summary()
    assert figures["date"] >= 0.90, report.summary()
    assert figures["initiator"] >= 0.85, report.summary()
    assert figures["topics_f1"] >= 0.80, report.summary()


def test_an_initiator_where_gold_has_none_is_shown_but_not_scored():
    report = evaluate([row()], {"a.txt": [pred(initiator="RU")]})
    assert (report.initiator.total, report.initiator_unwarranted) == (0, 1)
    assert any(line.startswith("NOTE") for line in report.lines)
