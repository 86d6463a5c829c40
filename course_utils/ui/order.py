"""The order question: each position marked in words, a hint on a wrong try, the order only on request."""

from __future__ import annotations

import ipywidgets as w

from course_utils.grading import scoring
from course_utils.ui import lean
from course_utils.ui.widgets import NONE_LABEL, PerItem, mark, note, rich, short, verdict_html


class Order(PerItem):
    kind = "order"

    def build(self) -> list[w.Widget]:
        n_items = len(self.items())
        self.wrong_checks = 0

        def make(n: int, iid: str, text: str) -> w.Widget:
            return lean.Dropdown(
                options=[(NONE_LABEL, None)] + [(f"{p}.º", p) for p in range(1, n_items + 1)],
                value=None,
                description=f"Posición del elemento {n}:",
            )

        rows = self.rows(make)
        return [lean.HTML("<i>Da a cada elemento su posición (1.º = lo primero).</i>"), *rows]

    def buttons(self) -> list[w.Widget]:
        buttons = super().buttons()
        if buttons:
            solution = lean.Button(
                description="Ver la solución", icon="eye", tooltip="Ver el orden recomendado"
            )
            solution.on_click(lambda _: self.show_solution())
            buttons.append(solution)
        return buttons

    def save(self) -> dict | None:
        record = super().save()
        taken = [p for p in self.value.values()]
        if record and len(taken) != len(set(taken)):
            self.status.value += " " + note("warning", "Ojo: hay posiciones repetidas.")
        return record

    def key(self) -> list[str]:
        """The recommended order (of several accepted, the one closest to the answer)."""
        key = self.spec["answer"]
        if key and all(isinstance(k, (list, tuple)) for k in key):
            return list(
                max(key, key=lambda k: sum(self.value.get(i) == n + 1 for n, i in enumerate(k)))
            )
        return list(key)

    def _right(self, iid: str) -> bool:
        key = self.key()
        return iid in key and self.value.get(iid) == key.index(iid) + 1

    def check(self) -> scoring.Result:
        result = super().check()
        if result.answered and result.fraction < 0.999:
            self.wrong_checks += 1
            if self.wrong_checks >= 2:
                self.feedback.value += self.solution_html()
        return result

    def verdict(self, result: scoring.Result) -> str:
        right, total = self.tally()
        if result.fraction >= 0.999 or right == total:
            return verdict_html("correct", "¡Correcto!", "🎉")
        if right:
            return verdict_html("partial", f"Casi: {right} de {total} bien.", "🟡")
        return verdict_html("wrong", f"Incorrecto: ninguno de los {total} está en su sitio.", "❌")

    def shows_explanation(self, result: scoring.Result) -> bool:
        return result.fraction >= 0.999  # the explanation tells the order: only once it is right

    def explain(self, result: scoring.Result) -> str:
        right, total = self.tally()
        out = [f"<p>Elementos en su sitio: {right} de {total}.</p><ul>"]
        for n, (iid, text) in enumerate(self.items(), start=1):
            place = self.value.get(iid)
            if place is None:
                label = "⬜ <b>Sin posición</b>"
            elif self._right(iid):
                label = mark(True, f"{place}.º: en su sitio")
            else:
                label = mark(False, f"{place}.º: no está en su sitio")
            out.append(f"<li>{label} — <b>{n}.</b> <i>{rich(short(text))}</i></li>")
        out.append("</ul>")
        if right < total:
            out.append(f"<p>💡 {self.hint()}</p>")
        return "".join(out)

    def hint(self) -> str:
        """A hint about the first misplaced position, without giving the order away."""
        names = dict(self.items())
        by_place = {place: iid for iid, place in self.value.items()}
        for n, iid in enumerate(self.key(), start=1):
            if by_place.get(n) != iid:
                if n == 1:
                    return "Pista: empieza por revisar qué va en la 1.ª posición."
                return (
                    f"Pista: hasta la {n - 1}.ª posición vas bien. ¿Qué va justo después de "
                    f"«{rich(short(names[by_place[n - 1]], 50))}»?"
                )
        return "Pista: revisa las posiciones repetidas o vacías."

    def solution_html(self) -> str:
        names = dict(self.items())
        order = "".join(f"<li>{rich(names[i])}</li>" for i in self.key() if i in names)
        note = f"<p>💡 {rich(self.spec['explanation'])}</p>" if self.spec.get("explanation") else ""
        return f"<div class='curso-solucion'><p><b>Orden recomendado:</b></p><ol>{order}</ol>{note}</div>"

    def show_solution(self) -> None:
        """«Ver la solución»: the whole recommended order, with its explanation."""
        if "curso-solucion" not in self.feedback.value:
            self.feedback.value += self.solution_html()
