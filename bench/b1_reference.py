#!/usr/bin/env python3
"""B1 reference run: scikit-learn HistGradientBoosting (defaults, random_state=42), logistic regression (one-hot of the 9
nominal columns with min_frequency=10 + standardised rest, C=1, as in the dataset's SOURCE.md) and, when installed, XGBoost 300x4,
on the same data and folds as `basira edu evaluate`, pooled out-of-fold like Basira. Prints one JSON object.

Usage: python3 bench/b1_reference.py DATA.csv FOLDS.csv [--drop-prefix "Curricular units"]
Needs Debian's python3-sklearn and python3-pandas (optionally python3-xgboost); reads only local files.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.metrics import accuracy_score, average_precision_score, f1_score, roc_auc_score


def ece(p, y, bins=10):
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        m = idx == b
        if m.any():
            total += m.sum() / len(p) * abs(p[m].mean() - y[m].mean())
    return total


NOMINAL = ["Marital status", "Application mode", "Course", "Previous qualification", "Nacionality", "Mother's qualification",
           "Father's qualification", "Mother's occupation", "Father's occupation"]


def main():
    data, folds_path = sys.argv[1], sys.argv[2]
    drop_prefix = sys.argv[sys.argv.index("--drop-prefix") + 1] if "--drop-prefix" in sys.argv else None
    df = pd.read_csv(data, sep=";", encoding="utf-8-sig")
    df.columns = [c.strip() for c in df.columns]
    folds = pd.read_csv(folds_path)["fold"].to_numpy()
    y3 = df["Target"].map({"Dropout": 0, "Enrolled": 1, "Graduate": 2}).to_numpy()
    X = df.drop(columns=["Target"])
    if drop_prefix:
        X = X[[c for c in X.columns if not c.startswith(drop_prefix)]]
    nominal = [i for i, c in enumerate(X.columns) if c in NOMINAL]
    numeric = [i for i, c in enumerate(X.columns) if c not in NOMINAL]
    X = X.to_numpy(dtype=float)
    yb = (y3 == 0).astype(int)
    out = {"benchmark": "B1 reference", "rows": int(len(yb)), "features": int(X.shape[1])}
    models = {
        "hist_gradient_boosting": lambda: HistGradientBoostingClassifier(random_state=42),
        "logistic_regression_one_hot": lambda: make_pipeline(
            ColumnTransformer([("oh", OneHotEncoder(handle_unknown="ignore", min_frequency=10), nominal),
                               ("sc", StandardScaler(), numeric)]),
            LogisticRegression(C=1, max_iter=5000)),
    }
    try:
        from xgboost import XGBClassifier
        models["xgboost"] = lambda: XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.05, subsample=0.8,
                                                  colsample_bytree=0.8, tree_method="hist", random_state=42)
    except ImportError:
        out["xgboost"] = None
    for name, make in models.items():
        t = time.time()
        pb = np.zeros(len(yb))
        pred3 = np.zeros(len(yb), dtype=int)
        for k in sorted(set(folds)):
            tr, te = folds != k, folds == k
            pb[te] = make().fit(X[tr], yb[tr]).predict_proba(X[te])[:, 1]
            pred3[te] = make().fit(X[tr], y3[tr]).predict_proba(X[te]).argmax(axis=1)
        out[name] = {
            "auc": roc_auc_score(yb, pb), "pr_auc": average_precision_score(yb, pb), "ece": ece(pb, yb),
            "accuracy": accuracy_score(y3, pred3), "macro_f1": f1_score(y3, pred3, average="macro"),
            "seconds": round(time.time() - t, 2),
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
