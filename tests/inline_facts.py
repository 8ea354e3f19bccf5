"""Tiny hand-made facts for unit tests (not from the corpus): two departments' services,
three measures in two categories, two plan tasks."""
from __future__ import annotations

from kb.facts import Citation, DocumentGroup, Measure, PlanTask, Service, TimeLimit, TimeLimitPart, TimeUnit


def cite(section: str, lines: tuple[int, int] = (10, 12), title: str = "某海关办事指南") -> Citation:
    return Citation(doc="guide", origin="guide.txt", title=title, section=section, lines=lines)


def service(title: str, department: str, number: int, limit: str | None, value: float | None = None,
            unit: TimeUnit | None = None, documents: list[str] | None = None, steps: list[str] | None = None,
            groups: list[DocumentGroup] | None = None, notes: list[str] | None = None) -> Service:
    time_limit = None
    if limit is not None:
        time_limit = TimeLimit(raw=limit, value=value, unit=unit,
                               parts=[TimeLimitPart(text=limit, value=value, unit=unit)])
    return Service(id=f"svc-{department}-{number}", title=title, department=department, number=number,
                   text=title, steps=steps or [], time_limit=time_limit, documents=documents or [],
                   document_groups=groups or [], notes=notes or [],
                   citation=cite(f"业务 › {department} › {number}、{title}", (number * 10, number * 10 + 5)))


SERVICES = [
    service("冷藏货物查验业务", "查验一处", 1, "3个工作日", 3, TimeUnit.working_day,
            documents=["报关单", "检验检疫证书"], steps=["企业预约查验", "海关实施查验", "三级审批后放行"]),
    service("危险品检验业务", "查验一处", 2, "20分钟", 20, TimeUnit.minute, documents=["危险特性分类鉴别报告"],
            steps=["企业申报", "海关检验"]),
    service("保证金征收业务", "财务二处", 1, "即来即办", None, TimeUnit.immediate,
            groups=[DocumentGroup(name="征收", items=["保证金收据", "情况说明"]),
                    DocumentGroup(name="退还", items=["退还申请"])],
            documents=["保证金收据", "情况说明", "退还申请"], notes=["材料不齐的不予受理"]),
    service("报关单修撤业务", "财务二处", 2, "3个工作日", 3, TimeUnit.working_day, documents=["修撤情况说明"],
            steps=["企业提出修撤申请", "海关审核"]),
]
MEASURES = [
    Measure(id="msr-1", number=1, title="压缩通关时间", category="一、提升通关效率", category_number=1,
            body="压缩通关时间，推广提前申报。", text="压缩通关时间，推广提前申报。",
            citation=cite("一、提升通关效率", (3, 3), "十项措施")),
    Measure(id="msr-2", number=2, title="支持跨境电商", category="一、提升通关效率", category_number=1,
            body="支持跨境电商发展，实行集中申报。", text="支持跨境电商发展，实行集中申报。",
            citation=cite("一、提升通关效率", (4, 4), "十项措施")),
    Measure(id="msr-3", number=3, title="减免查验费用", category="二、降低企业成本", category_number=2,
            body="对查验没有问题的免除吊装费用。", text="对查验没有问题的免除吊装费用。",
            citation=cite("二、降低企业成本", (6, 6), "十项措施")),
]
TASKS = [
    PlanTask(id="tsk-1", number=1, title="推进口岸收费公示", section="（一）规范收费", body="推进口岸收费目录公示。",
             responsible_units=["市口岸办", "海关"], text="推进口岸收费目录公示。",
             citation=cite("（一）规范收费", (20, 21), "口岸方案")),
    PlanTask(id="tsk-2", number=2, title="优化船舶通关", section="（二）提升效率", body="推行船舶联合登临检查。",
             responsible_units=["海事局"], text="推行船舶联合登临检查。",
             citation=cite("（二）提升效率", (22, 23), "口岸方案")),
]
ALL = [*SERVICES, *MEASURES, *TASKS]
