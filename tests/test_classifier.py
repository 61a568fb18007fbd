"""The trained artefact: shipped, consistent with the training data, and a proper distribution."""

import json
from pathlib import Path


from tacitus.coder.classifier import LABELS, data_hash, load_classifier, training_files
from tacitus.coder.train import load_examples, train


def test_shipped_artefact_was_trained_on_the_shipped_data():
    clf = load_classifier()
    assert clf.meta["data_sha256"] == data_hash(training_files()), \
        "data/train changed: run `tacitus train` and commit the new artefact"
    assert clf.labels == LABELS and clf.coef.shape == (len(LABELS), len(clf.vocab))


def test_training_data_is_big_enough_and_well_formed():
    examples = load_examples(training_files())
    counts = {label: sum(e.label == label for e in examples) for label in LABELS}
    assert min(counts[t] for t in LABELS if t != "NONE") >= 60
    assert counts["NONE"] >= 60 * 16      # at least as many no-event sentences as the event minimum


def test_probabilities_sum_to_one_and_follow_the_parse(pipe):
    from tacitus.coder.classifier import pair_features

    sent = pipe.parser.parse_text("Rebels attacked an army convoy near the border.")[:]
    probs = load_classifier().proba({**pair_features(sent, (0, 6), (21, 33)), "unknown-feature": 1.0})
    assert abs(sum(probs.values()) - 1.0) < 1e-5 and max(probs, key=probs.get) == "ASSAULT"


def test_train_is_reproducible_on_a_small_set(tmp_path, pipe):
    source = training_files()
    small = tmp_path / "data"
    small.mkdir()
    for f in source:
        lines = f.read_text(encoding="utf-8").splitlines()[:12]
        (small / f.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    a = train(pipe.parser.nlp, small, folds=2, c_values=(1.0,))
    b = train(pipe.parser.nlp, small, folds=2, c_values=(1.0,))
    assert a.meta["data_sha256"] == b.meta["data_sha256"] and (a.coef == b.coef).all()
    a.save(tmp_path / "out")
    meta = json.loads(Path(tmp_path / "out" / "classifier.json").read_text())
    assert meta["meta"]["examples"] == a.meta["examples"]
    assert load_classifier(str(tmp_path / "out")).labels == LABELS
