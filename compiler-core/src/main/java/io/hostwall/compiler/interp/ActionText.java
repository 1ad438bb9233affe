package io.hostwall.compiler.interp;

import io.hostwall.ir.InterfaceDirection;
import io.hostwall.ir.IrAction;

/** Short text of an IR action for traces. */
public final class ActionText {
    private ActionText() {}

    private static final IrAction.Visitor<String> TEXT = new IrAction.Visitor<>() {
        @Override
        public String visit(IrAction.Accept a) {
            return "accept";
        }

        @Override
        public String visit(IrAction.Drop a) {
            return "drop";
        }

        @Override
        public String visit(IrAction.Reject a) {
            return "reject";
        }

        @Override
        public String visit(IrAction.Return a) {
            return "return";
        }

        @Override
        public String visit(IrAction.Jump j) {
            return "jump " + j.chain();
        }

        @Override
        public String visit(IrAction.Goto g) {
            return "goto " + g.chain();
        }

        @Override
        public String visit(IrAction.SetMark m) {
            return String.format("mark = mark & ~0x%x | 0x%x", m.mask(), m.value());
        }

        @Override
        public String visit(IrAction.Log l) {
            return "log \"" + l.prefix() + "\"";
        }

        @Override
        public String visit(IrAction.Notrack a) {
            return "notrack";
        }

        @Override
        public String visit(IrAction.Dispatch d) {
            return "dispatch " + (d.direction() == InterfaceDirection.IN ? "iif" : "oif") + " " + d.targets();
        }
    };

    public static String of(IrAction a) {
        return a.accept(TEXT);
    }
}
