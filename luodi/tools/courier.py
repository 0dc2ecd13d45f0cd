"""The courier-demo toolset: a fictional order database (SQLite, in the knowledge-base folder) and
an outbox that records every message "sent" to a customer. Nothing leaves the machine.

Fees follow the demo handbook (飞鸽快递业务操作手册, 第五章 包装与计费, 第五十六–五十九条):
weight kept to 0.1 kg; first weight 1 kg; each started further kg billed whole; standard fee =
first-weight price + further kg × per-kg price; express = standard × 1.5, not offered for remote
areas; result to 0.1 yuan. The handbook prices by zone, not distance, so the demo maps distance to
a zone (a documented assumption): ≤ 50 km 同城, ≤ 300 km 省内, ≤ 2000 km 跨省, farther 偏远地区.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from luodi.errors import InputError
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import parse_number
from luodi.timeutil import now_iso
from luodi.tools.registry import Registry, Tool, ToolContext

ORDER_ID = r"^(?:YT\d{13}|SF\d{13}|JDV\d{12}|ZTO\d{12}|FG\d{12})$"
SLOTS = {"morning": "09:00-12:00", "afternoon": "13:00-18:00", "evening": "18:00-21:00"}
EXCEPTION_KINDS = ("address_wrong", "no_answer", "damaged", "refused", "delayed", "lost",
                   "customer_absent", "other")

# (zone, up to km, first kg yuan, per further kg yuan, express offered)
ZONES = (
    ("同城", Decimal(50), Decimal(8), Decimal(2), True),
    ("省内", Decimal(300), Decimal(10), Decimal(3), True),
    ("跨省", Decimal(2000), Decimal(12), Decimal(5), True),
    ("偏远地区", None, Decimal(20), Decimal(10), False),
)
EXPRESS_FACTOR = Decimal("1.5")
DIMENSIONS = ("length_cm", "width_cm", "height_cm")

SEED_CUSTOMERS = [
    ("C001", "林晓雨", "138****2201", "杭州市西湖区文三路88号3幢502"),
    ("C002", "陳志明", "0912***456", "臺北市大安區和平東路二段106號"),
    ("C003", "Alex Morgan", "+44 7700 ***123", "Flat 4, 12 Harbour Street, Leeds"),
    ("C004", "王建国", "139****8870", "苏州市工业园区星湖街328号"),
    ("C005", "赵敏", "137****0415", "宁波市鄞州区天童南路588号"),
]
SEED_ORDERS = [
    ("YT3018846620517", "C001", "out_for_delivery", "同城", "1.2"),
    ("SF1234567890123", "C002", "in_transit", "跨省", "3.2"),
    ("JDV012345678901", "C003", "at_station", "省内", "0.8"),
    ("YT3018846620999", "C004", "out_for_delivery", "同城", "5.0"),
    ("SF9876543210987", "C005", "in_transit", "省内", "2.4"),
    ("JDV098765432109", "C001", "delivered", "同城", "1.0"),
    ("ZTO777700001111", "C004", "exception", "跨省", "12.5"),
    ("FG202611300001", "C005", "out_for_delivery", "同城", "0.5"),
]


def _dec(value: Any) -> Decimal | None:
    """An exact Decimal for a JSON number or a written number ("2.4", "三"); floats by their repr."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    parsed = parse_number(str(value)) if value is not None else None
    return None if parsed is None else Decimal(parsed)


VOLUME_DIVISOR = Decimal(6000)  # 第五十五条: 体积重量 = 长 × 宽 × 高 (厘米) ÷ 6000


def fee(weight_kg: Any, distance_km: Any = None, express: bool = False, zone: str | None = None,
        dims_cm: tuple[Any, Any, Any] | None = None) -> dict[str, Any]:
    """The demo handbook's fee, exact (Decimal). The zone comes from `zone` when given, else from
    the distance; with the parcel's dimensions, the billing weight is the larger of the actual and
    the volumetric weight (第五十五、五十六条)."""
    w, d = _dec(weight_kg), _dec(distance_km)
    if w is None or w <= 0 or (d is not None and d < 0):
        raise InputError("weight_kg must be positive and distance_km not negative")
    if zone is None and d is None:
        raise InputError("give distance_km or zone (同城, 省内, 跨省 or 偏远地区)")
    w = Decimal(w).quantize(Decimal("0.1"), ROUND_HALF_UP)
    volume = _volumetric(dims_cm)
    billing = max(w, volume) if volume is not None else w
    if zone is not None:
        found = [z for z in ZONES if z[0] == zone]
        if not found:
            raise InputError(f"zone should be one of {', '.join(z[0] for z in ZONES)}")
        name, _, first, per, express_ok = found[0]
    else:
        name, _, first, per, express_ok = next(z for z in ZONES if z[1] is None or d <= z[1])
    further = max(Decimal(0), (billing - 1).to_integral_value(ROUND_CEILING))
    standard = first + further * per
    if express and not express_ok:
        raise InputError(f"加急服务不适用于{name}快件（第五十九条）")
    total = (standard * EXPRESS_FACTOR if express else standard).quantize(Decimal("0.1"), ROUND_HALF_UP)
    formula = f"{first}+{further}×{per}={standard}" + (f"，×1.5={format_number(total)}" if express else "")
    out = {"zone": name, "billing_weight_kg": format_number(billing), "further_kg": int(further),
           "standard_fee": format_number(standard), "fee_yuan": format_number(total),
           "express": bool(express), "formula": formula,
           "rule": "飞鸽快递业务操作手册 第五十五至五十九条"}
    if volume is not None:
        out["volumetric_weight_kg"] = format_number(volume)
    return out


def _volumetric(dims_cm: tuple[Any, Any, Any] | None) -> Decimal | None:
    if dims_cm is None:
        return None
    sides = [_dec(x) for x in dims_cm]
    if any(x is None or x <= 0 for x in sides):
        raise InputError("length_cm, width_cm and height_cm must all be positive")
    length, width, height = sides
    return (length * width * height / VOLUME_DIVISOR).quantize(Decimal("0.1"), ROUND_HALF_UP)


class CourierDB:
    """The demo order database. One connection, one lock; safe across threads."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False,
                                   timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.RLock()
        self._setup()

    def close(self) -> None:
        self._db.close()

    def _setup(self) -> None:
        with self._lock:
            self._db.executescript("""
CREATE TABLE IF NOT EXISTS customers (id TEXT PRIMARY KEY, name TEXT, phone TEXT, address TEXT);
CREATE TABLE IF NOT EXISTS orders (order_id TEXT PRIMARY KEY, customer_id TEXT, status TEXT,
    zone TEXT, weight_kg TEXT, delivery_date TEXT, slot TEXT, eta TEXT);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT,
    customer_id TEXT, kind TEXT, message TEXT, idempotency_key TEXT UNIQUE, created_at TEXT);
CREATE TABLE IF NOT EXISTS exceptions (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id TEXT,
    kind TEXT, detail TEXT, idempotency_key TEXT UNIQUE, created_at TEXT);
""")
            if not self._db.execute("SELECT 1 FROM customers LIMIT 1").fetchall():
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT INTO customers VALUES (?,?,?,?)", SEED_CUSTOMERS)
                self._db.executemany(
                    "INSERT INTO orders VALUES (?,?,?,?,?,NULL,NULL,NULL)", SEED_ORDERS)
                self._db.execute("COMMIT")

    def order(self, order_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._db.execute(
                "SELECT o.order_id, o.status, o.zone, o.weight_kg, o.delivery_date, o.slot, o.eta, "
                "c.id, c.name, c.phone, c.address FROM orders o JOIN customers c ON c.id=o.customer_id "
                "WHERE o.order_id=?", (order_id,)).fetchone()
        if row is None:
            return None
        keys = ("order_id", "status", "zone", "weight_kg", "delivery_date", "slot", "eta",
                "customer_id", "customer", "phone", "address")
        return dict(zip(keys, row, strict=True))

    def _need(self, order_id: str) -> dict[str, Any]:
        found = self.order(order_id)
        if found is None:
            raise InputError(f"订单 {order_id} 不存在（no such order）")
        return found

    def send(self, key: str, order_id: str, kind: str, message: str,
             update: tuple[str, tuple] | None = None) -> dict[str, Any]:
        """Record one outgoing message once per idempotency key (and apply `update` with it)."""
        order = self._need(order_id)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cur = self._db.execute(
                    "INSERT INTO outbox (order_id, customer_id, kind, message, idempotency_key, created_at) "
                    "VALUES (?,?,?,?,?,?) ON CONFLICT(idempotency_key) DO NOTHING",
                    (order_id, order["customer_id"], kind, message, key, now_iso()))
                fresh = cur.rowcount == 1
                if fresh and update is not None:
                    self._db.execute(update[0], update[1])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            row = self._db.execute("SELECT id, message FROM outbox WHERE idempotency_key=?", (key,)).fetchone()
        return {"outbox_id": row[0], "to": order["customer"], "message": row[1], "duplicate": not fresh}

    def report(self, key: str, order_id: str, kind: str, detail: str) -> dict[str, Any]:
        self._need(order_id)
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO exceptions (order_id, kind, detail, idempotency_key, created_at) "
                "VALUES (?,?,?,?,?) ON CONFLICT(idempotency_key) DO NOTHING",
                (order_id, kind, detail, key, now_iso()))
            row = self._db.execute("SELECT id FROM exceptions WHERE idempotency_key=?", (key,)).fetchone()
        return {"exception_id": row[0], "order_id": order_id, "kind": kind, "duplicate": cur.rowcount != 1}

    def outbox(self, order_id: str | None = None) -> list[dict[str, Any]]:
        sql = "SELECT id, order_id, customer_id, kind, message, idempotency_key, created_at FROM outbox"
        args: tuple = ()
        if order_id:
            sql, args = sql + " WHERE order_id=?", (order_id,)
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY id", args).fetchall()
        keys = ("id", "order_id", "customer_id", "kind", "message", "idempotency_key", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in rows]


# -- implementations -------------------------------------------------------------------------
def _db(ctx: ToolContext) -> CourierDB:
    return ctx.state["db"]


def _send_notice(ctx: ToolContext, a: dict[str, Any]) -> dict[str, Any]:
    when = a["eta"].replace("T", " ")
    msg = f"您好，您的快件 {a['order_id']} 预计 {when} 送达。" + (f"{a['note']}" if a.get("note") else "")
    return _db(ctx).send(ctx.idempotency_key, a["order_id"], "delivery_notice", msg,
                         ("UPDATE orders SET eta=? WHERE order_id=?", (a["eta"], a["order_id"])))


def _reschedule(ctx: ToolContext, a: dict[str, Any]) -> dict[str, Any]:
    slot = a.get("slot")
    span = f" {SLOTS[slot]}" if slot else ""
    msg = f"您好，您的快件 {a['order_id']} 已改约至 {a['date']}{span} 派送。"
    return _db(ctx).send(ctx.idempotency_key, a["order_id"], "reschedule", msg,
                         ("UPDATE orders SET delivery_date=?, slot=? WHERE order_id=?",
                          (a["date"], slot, a["order_id"])))


def _report(ctx: ToolContext, a: dict[str, Any]) -> dict[str, Any]:
    return _db(ctx).report(ctx.idempotency_key, a["order_id"], a["kind"], a.get("detail") or "")


def _lookup(ctx: ToolContext, a: dict[str, Any]) -> dict[str, Any]:
    found = _db(ctx).order(a["order_id"])
    return {"found": False, "order_id": a["order_id"]} if found is None else {"found": True, **found}


def _compute_fee(ctx: ToolContext, a: dict[str, Any]) -> dict[str, Any]:
    dims = tuple(a.get(k) for k in DIMENSIONS)
    return fee(a["weight_kg"], a.get("distance_km"), bool(a.get("express", False)), a.get("zone"),
               dims if any(x is not None for x in dims) else None)


def _obj(props: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


_ORDER = {"type": "string", "pattern": ORDER_ID, "description": "运单号 tracking number"}
WRITE = frozenset({"courier", "customer_service", "admin"})
RESCHEDULE = frozenset({"customer_service", "admin"})
READ = frozenset({"courier", "customer_service", "viewer", "admin"})

TOOLS = [
    ("send_delivery_notice", "通知收件人预计送达时间 tell the customer when the parcel arrives", True, WRITE,
     _obj({"order_id": _ORDER,
           "eta": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$",
                   "description": "预计送达时间 arrival time"},
           "note": {"type": "string", "maxLength": 200}}, ["order_id", "eta"]), _send_notice, "发送派送通知"),
    ("reschedule_delivery", "改约派送日期/时段 move the delivery to another date", True, RESCHEDULE,
     _obj({"order_id": _ORDER, "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
           "slot": {"type": "string", "enum": list(SLOTS)}}, ["order_id", "date"]), _reschedule, "改约派送"),
    ("report_exception", "上报派送异常 report a delivery problem", True, WRITE,
     _obj({"order_id": _ORDER, "kind": {"type": "string", "enum": list(EXCEPTION_KINDS)},
           "detail": {"type": "string", "maxLength": 200}}, ["order_id", "kind"]), _report, "上报异常"),
    ("lookup_order", "查询运单状态 look up an order", False, READ,
     _obj({"order_id": _ORDER}, ["order_id"]), _lookup, "查询运单"),
    ("compute_fee", "按手册计算运费 compute the shipping fee", False, READ,
     _obj({"weight_kg": {"type": "number", "minimum": 0.01, "maximum": 50},
           "distance_km": {"type": "number", "minimum": 0, "maximum": 6000,
                           "description": "寄送距离; or give zone"},
           "zone": {"type": "string", "enum": [z[0] for z in ZONES], "description": "区域 zone"},
           **{k: {"type": "number", "minimum": 1, "maximum": 300} for k in DIMENSIONS},
           "express": {"type": "boolean"}}, ["weight_kg"]), _compute_fee, "计算运费"),
]


def toolset(kb_dir: str | Path | None = None, db: CourierDB | None = None) -> tuple[Registry, dict[str, Any]]:
    """The registry and its state ({'db': CourierDB}); the DB lives at <kb>/courier-demo.sqlite."""
    if db is None:
        if kb_dir is None:
            raise InputError("courier-demo needs a knowledge-base folder for its demo database")
        db = CourierDB(Path(kb_dir) / "courier-demo.sqlite")
    reg = Registry(Tool(n, d, p, se, roles, fn, label) for n, d, se, roles, p, fn, label in TOOLS)
    return reg, {"db": db}


def describe(result: dict[str, Any]) -> str:
    """A one-line human summary of a result (for CLI and answers)."""
    if "fee_yuan" in result:
        volume = (f"（体积重量{result['volumetric_weight_kg']}公斤）"
                  if "volumetric_weight_kg" in result else "")
        return (f"{result['zone']}，计费重量{result['billing_weight_kg']}公斤{volume}："
                f"{result['formula']}，运费{result['fee_yuan']}元")
    if "message" in result:
        return f"已发送给{result.get('to', '')}：{result['message']}"
    if "exception_id" in result:
        return f"已登记异常 #{result['exception_id']}（{result['kind']}）"
    if result.get("found") is False:
        return f"未找到运单 {result.get('order_id')}"
    if result.get("found"):
        extra = f"，改约 {result['delivery_date']}" if result.get("delivery_date") else ""
        return f"{result['order_id']}：状态 {result['status']}，收件人 {result['customer']}{extra}"
    return json.dumps(result, ensure_ascii=False)
