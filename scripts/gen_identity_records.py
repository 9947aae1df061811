#!/usr/bin/env python3
"""Generates party mentions ("records") of invented people, with the known truth, for
scripts/bench-identity.sh.

Each person gets a name (surnames drawn by frequency, given names from a small pool, so different
people share names), 1-4 strong identifiers (mobile, WeChat, QQ, bank card passing Luhn, resident ID
number with its GB 11643 check character, email), sometimes a nickname made from the surname (老牛),
and a few counterparties with dates. Each person is mentioned in 1-4 records; a record shows the name
as written (exact, a homophone typo, a one-character typo, masked `*建国`, or the nickname), a random
subset of the identifiers in varied formats (+86, dashes, full-width digits), some masked as bills
print them (138****1234, 6222 **** **** 1234), and some of the dealings.

Writes DIR/records.tsv (record, person, display, identifiers column, contacts) for identity-bench and
DIR/records.csv (one column per kind) for the Python reference. Deterministic for a seed.

    gen_identity_records.py --people 20000 --seed 1 --out bench-out/identity
"""
import argparse
import csv
import os
import random

from pypinyin import lazy_pinyin

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚"
            "卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤牛")
GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国峰晓小鹏辉飞鑫波宇浩凯健俊帆帅旭宁龙林"
         "欣颖佳琳雪梅婷慧晨阳天文志海斌荣新春")


def luhn_complete(body):
    digits = [int(c) for c in body][::-1]
    total = 0
    for i, d in enumerate(digits):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return body + str((10 - total % 10) % 10)


def id_check(body):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    c = (12 - sum(int(a) * w for a, w in zip(body, weights)) % 11) % 11
    return "X" if c == 10 else str(c)


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in s)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="bench-out/identity")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    # Homophones in the given-name pool, for typos that keep the pinyin (晓/小).
    by_sound = {}
    for ch in GIVEN:
        by_sound.setdefault(lazy_pinyin(ch)[0], []).append(ch)
    surname_weights = [1.0 / (i + 3) for i in range(len(SURNAMES))]
    brokers = max(50, args.people // 20)

    people = []
    taken = set()
    for p in range(args.people):
        if people and rng.random() < 0.05:
            name = rng.choice(people)["name"]                     # a namesake
        else:
            name = rng.choices(SURNAMES, surname_weights)[0] + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        ids = {}
        kinds = rng.sample(["mobile", "wechat", "qq", "card", "rid", "email"], rng.choice((1, 2, 2, 3, 4)))
        if "mobile" not in kinds and rng.random() < 0.6:
            kinds[0] = "mobile"
        for k in kinds:
          while k not in ids or (k, ids[k]) in taken:   # every strong identifier belongs to one person
              if k == "mobile":
                  ids[k] = "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))
              elif k == "wechat":
                  ids[k] = rng.choice("abcdefghijklmnopqrstuvwxyz") + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789_") for _ in range(rng.randint(5, 12)))
              elif k == "qq":
                  ids[k] = str(rng.randint(10000, 3999999999))
              elif k == "card":
                  ids[k] = luhn_complete(rng.choice(("622202", "621700", "622848", "622588", "620000")) + "".join(rng.choice("0123456789") for _ in range(12)))
              elif k == "rid":
                  body = "%06d%04d%02d%02d%03d" % (rng.choice((370602, 370681, 110105, 440524, 320106)), rng.randint(1950, 2004),
                                                    rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 999))
                  ids[k] = body + id_check(body)
              else:
                  ids[k] = "u%d%s@%s" % (p, rng.choice("abcxyz"), rng.choice(("qq.com", "163.com", "126.com")))
          taken.add((k, ids[k]))
        nickname = None
        if rng.random() < 0.3:
            s = name[0]
            nickname = rng.choice(("老" + s, s + "哥", "小" + s))
        contacts = [(rng.randrange(brokers), rng.randrange(365)) for _ in range(rng.randint(2, 6))]
        people.append({"name": name, "ids": ids, "nickname": nickname, "contacts": contacts})

    tsv = open(os.path.join(args.out, "records.tsv"), "w", encoding="utf-8")
    out_csv = open(os.path.join(args.out, "records.csv"), "w", encoding="utf-8", newline="")
    columns = ["record", "person", "name", "name_masked", "nickname", "mobile", "mobile_masked", "wechat", "qq",
               "card", "card_masked", "rid", "rid_masked", "email", "contacts"]
    writer = csv.DictWriter(out_csv, fieldnames=columns)
    writer.writeheader()
    record = 0
    for p, person in enumerate(people):
        for _ in range(rng.choice((1, 2, 2, 3, 4))):
            record += 1
            row = {c: "" for c in columns}
            row["record"], row["person"] = record, p
            name = person["name"]
            r = rng.random()
            if r < 0.12 and len(name) >= 2:                          # homophone typo
                i = rng.randrange(1, len(name))
                same = [c for c in by_sound.get(lazy_pinyin(name[i])[0], []) if c != name[i]]
                if same:
                    name = name[:i] + rng.choice(same) + name[i + 1:]
            elif r < 0.18 and len(name) >= 3:                        # one wrong character
                i = rng.randrange(1, len(name))
                name = name[:i] + rng.choice(GIVEN) + name[i + 1:]
            shown = name
            if rng.random() < 0.1:
                shown = "*" + name[1:]
                row["name_masked"] = shown
            elif person["nickname"] and rng.random() < 0.15:
                shown = person["nickname"]
                row["nickname"] = shown
            else:
                row["name"] = shown
            items = []
            for k, v in person["ids"].items():
                if rng.random() < 0.45:
                    continue
                masked = False
                if k == "mobile":
                    if rng.random() < 0.3:
                        v, masked = v[:3] + "****" + v[7:], True
                    else:
                        v = rng.choice((v, v, "+86 %s %s %s" % (v[:3], v[3:7], v[7:]), "%s-%s-%s" % (v[:3], v[3:7], v[7:]), fullwidth(v)))
                    items.append("phone:" + v)
                elif k == "card":
                    if rng.random() < 0.3:
                        v, masked = v[:4] + " **** **** " + v[-4:], True
                    items.append("card:" + v)
                elif k == "rid":
                    if rng.random() < 0.2:
                        v, masked = v[:6] + "********" + v[-4:], True
                    items.append("id:" + v)
                else:
                    items.append(k + ":" + v)
                row[{"mobile": "mobile", "card": "card", "rid": "rid"}.get(k, k) + ("_masked" if masked else "")] = v
            contacts = [(b, d * 86400 + rng.randrange(0, 6 * 3600)) for b, d in person["contacts"] if rng.random() < 0.6]
            contact_text = ",".join("%d@%d" % c for c in contacts)
            row["contacts"] = contact_text
            tsv.write("%d\t%d\t%s\t%s\t%s\n" % (record, p, shown, ";".join(items), contact_text))
            writer.writerow(row)
    tsv.close()
    out_csv.close()
    print("gen: %d people, %d records" % (len(people), record))


if __name__ == "__main__":
    main()
