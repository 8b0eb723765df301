#!/usr/bin/env python3
"""B1 ceiling: how high can any standard learner, or a stack of them, go on these folds? (research, not the product)

Out-of-fold Dropout-vs-rest margins of the reference folds for logistic regression (one-hot), XGBoost (numeric codes and
native categorical), random forest, extra trees, an RBF SVM, an MLP and k-nearest neighbours; then every stack of two or
more of them by a logistic regression cross-validated on the same folds' out-of-fold margins. That stack is OPTIMISTIC:
the margins of the other folds come from models that saw the held-out fold, so it bounds from above what stacking these
learners can give. Prints one JSON object: pooled and fold-mean AUC per learner, the best stacks, and the best stack
made of tree ensembles and logistic regression only (the families whose explanations Basira computes exactly).

Usage: python3 bench/b1_ceiling.py DATA.csv FOLDS.csv   (Debian python3-sklearn, python3-pandas, python3-xgboost; ≈ 5 min on 2 cores)
"""
import itertools
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.svm import SVC
from xgboost import XGBClassifier

warnings.filterwarnings("ignore")
NOMINAL = ["Marital status", "Application mode", "Course", "Previous qualification", "Nacionality", "Mother's qualification",
           "Father's qualification", "Mother's occupation", "Father's occupation"]
EXPLAINABLE = {"logistic_one_hot", "xgboost", "xgboost_native_categorical", "random_forest", "extra_trees"}


def main():
    started = time.time()
    df = pd.read_csv(sys.argv[1], sep=";", encoding="utf-8-sig")
    df.columns = [c.strip() for c in df.columns]
    folds = pd.read_csv(sys.argv[2])["fold"].to_numpy()
    y = (df["Target"] == "Dropout").astype(int).to_numpy()
    frame = df.drop(columns=["Target"])
    nominal = [i for i, c in enumerate(frame.columns) if c in NOMINAL]
    numeric = [i for i, c in enumerate(frame.columns) if c not in NOMINAL]
    X = frame.to_numpy(dtype=float)
    Xcat = frame.copy()
    for c in NOMINAL:
        Xcat[c] = Xcat[c].astype("category")

    def pre():
        return ColumnTransformer([("oh", OneHotEncoder(handle_unknown="ignore", min_frequency=10), nominal),
                                  ("sc", StandardScaler(), numeric)])

    def xgb(**kw):
        return XGBClassifier(n_estimators=300, max_depth=4, learning_rate=0.05, subsample=0.8, colsample_bytree=0.8,
                             tree_method="hist", random_state=42, **kw)

    learners = {
        "logistic_one_hot": (lambda: make_pipeline(pre(), LogisticRegression(C=1, max_iter=5000)), X),
        "xgboost": (lambda: xgb(), X),
        "xgboost_native_categorical": (lambda: xgb(enable_categorical=True, max_cat_to_onehot=64), Xcat),
        "random_forest": (lambda: RandomForestClassifier(n_estimators=500, min_samples_leaf=3, max_features=0.3, n_jobs=2,
                                                         random_state=42), X),
        "extra_trees": (lambda: ExtraTreesClassifier(n_estimators=500, min_samples_leaf=3, max_features=0.5, n_jobs=2,
                                                     random_state=42), X),
        "svm_rbf": (lambda: make_pipeline(pre(), SVC(C=1, probability=True, random_state=42)), X),
        "mlp": (lambda: make_pipeline(pre(), MLPClassifier(hidden_layer_sizes=(64,), alpha=1.0, max_iter=2000,
                                                           random_state=42)), X),
        "knn_50": (lambda: make_pipeline(pre(), KNeighborsClassifier(n_neighbors=50)), X),
    }
    ks = sorted(set(folds))

    def fold_mean(m):
        return float(np.mean([roc_auc_score(y[folds == k], m[folds == k]) for k in ks]))

    margins, single = {}, {}
    for name, (make, data) in learners.items():
        m = np.zeros(len(y))
        for k in ks:
            tr, te = folds != k, folds == k
            sub = (lambda idx: data[idx]) if isinstance(data, np.ndarray) else (lambda idx: data.loc[idx])
            p = np.clip(make().fit(sub(tr), y[tr]).predict_proba(sub(te))[:, 1], 1e-6, 1 - 1e-6)
            m[te] = np.log(p / (1 - p))
        margins[name] = m
        single[name] = {"auc": roc_auc_score(y, m), "auc_fold_mean": fold_mean(m)}

    stacks = []
    for r in range(2, len(learners) + 1):
        for combo in itertools.combinations(learners, r):
            Z = np.column_stack([margins[c] for c in combo])
            s = np.zeros(len(y))
            for k in ks:
                tr, te = folds != k, folds == k
                s[te] = LogisticRegression(C=100, max_iter=1000).fit(Z[tr], y[tr]).decision_function(Z[te])
            stacks.append({"learners": list(combo), "auc": roc_auc_score(y, s), "auc_fold_mean": fold_mean(s),
                           "exactly_explainable": set(combo) <= EXPLAINABLE})
    stacks.sort(key=lambda s: -s["auc"])
    print(json.dumps({
        "benchmark": "B1 ceiling (optimistic stacks on outer out-of-fold margins)",
        "rows": int(len(y)), "learners": single, "stacks_tried": len(stacks), "best_stacks": stacks[:5],
        "best_exactly_explainable_stack": next(s for s in stacks if s["exactly_explainable"]),
        "seconds": round(time.time() - started, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
