import com.sun.tools.attach.VirtualMachine;

/**
 * {@code java Attach.java PID AGENT_PATH OPTIONS}: loads a native agent (async-profiler) into a running JVM.
 * jcmd's JVMTI.agent_load drops async-profiler's comma-separated options; the attach API passes them whole.
 */
public class Attach {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
