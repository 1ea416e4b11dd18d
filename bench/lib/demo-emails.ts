import { DEMO_TREE, type DemoWorkspace } from '@aiconnected/platform/scripts';

/** Every demo user's email, in tree order (the seed's own list, so the two never drift). */
export function listDemoEmails(node: DemoWorkspace = DEMO_TREE): string[] {
  return [
    ...node.members.map((member) => member.email),
    ...(node.children ?? []).flatMap((child) => listDemoEmails(child)),
  ];
}
