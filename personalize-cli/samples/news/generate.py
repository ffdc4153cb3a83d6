# Generates the sample news catalogue (items.csv, interactions.csv); deterministic (seed 42).
# Run from this directory: python3 generate.py
import random
rnd = random.Random(42)
TOPICS = ["POLITICS","SPORTS","SCIENCE","TECHNOLOGY","HEALTH","ECONOMICS","ENTERTAINMENT","LIFESTYLE"]
NOW = 1780272000  # 2026-06-01T00:00:00Z
START = NOW - 180*86400
N_ART, N_READ = 200, 70
arts, by_topic = [], {}
for i in range(1, N_ART+1):
    primary = TOPICS[(i-1) % len(TOPICS)]
    labels = [primary]
    extra = rnd.randrange(2)
    while len(labels) < 1 + extra:
        t = rnd.choice(TOPICS)
        if t not in labels: labels.append(t)
    created = START + rnd.randrange(170*86400)
    arts.append(("article-%d" % i, labels, created))
    by_topic.setdefault(primary, []).append(arts[-1])
with open("items.csv", "w", newline="\n") as f:
    f.write("ITEM_ID,LABELS,CREATION_TIMESTAMP\n")
    for a in arts:
        f.write("%s,%s,%d\n" % (a[0], "|".join(a[1]), a[2]))
rows = []
for u in range(1, N_READ+1):
    fav = TOPICS[(u-1) % len(TOPICS)]
    second = rnd.choice(TOPICS)
    for r in range(14 + rnd.randrange(13)):
        p = rnd.random()
        pool = by_topic[fav] if p < 0.8 else by_topic[second] if p < 0.95 else arts
        a = pool[min(int(len(pool) * rnd.random() ** 1.5), len(pool)-1)]
        at = min(a[2] + 60 + rnd.randrange(14*86400), NOW - 1)
        rows.append(("reader-%d" % u, a[0], at))
with open("interactions.csv", "w", newline="\n") as f:
    f.write("USER_ID,ITEM_ID,TIMESTAMP\n")
    for r in rows:
        f.write("%s,%s,%d\n" % r)
print(len(arts), len(rows))
