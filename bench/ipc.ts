/** Benchmarks' child-process messaging: wait for the child's next message that passes `accept`. */
import type { ChildProcess } from 'node:child_process';

/** The child's next message that passes `accept`, after calling `ask`; rejects if the child exits first. */
export function childMessage<T>(
  child: ChildProcess,
  accept: (m: any) => boolean = () => true,
  ask?: () => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (!accept(m)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`child process exited with ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    ask?.();
  });
}
