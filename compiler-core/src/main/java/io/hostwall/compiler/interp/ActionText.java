package io.hostwall.compiler.interp;

import io.hostwall.ir.IrAction;

/** Short text of an IR action for traces. */
final class ActionText {
    private ActionText() {}

    static String of(IrAction a) {
        if (a instanceof IrAction.Accept) {
            return "accept";
        } else if (a instanceof IrAction.Drop) {
            return "drop";
        } else if (a instanceof IrAction.Reject) {
            return "reject";
        } else if (a instanceof IrAction.Return) {
            return "return";
        } else if (a instanceof IrAction.Jump j) {
            return "jump " + j.chain();
        } else if (a instanceof IrAction.Goto g) {
            return "goto " + g.chain();
        } else if (a instanceof IrAction.SetMark m) {
            return String.format("mark = mark & ~0x%x | 0x%x", m.mask(), m.value());
        } else if (a instanceof IrAction.Log l) {
            return "log \"" + l.prefix() + "\"";
        } else if (a instanceof IrAction.Notrack) {
            return "notrack";
        } else if (a instanceof IrAction.Dispatch d) {
            return "dispatch " + (d.direction() == io.hostwall.ir.InterfaceDirection.IN ? "iif" : "oif")
                    + " " + d.targets();
        }
        return a.toString();
    }
}
