import { LayoutDashboard, Palette, ScrollText, Settings, User, Users } from 'lucide-react';
import type { NavItem } from '@/lib/access';

const ICONS = {
  dashboard: LayoutDashboard,
  users: Users,
  audit: ScrollText,
  settings: Settings,
  branding: Palette,
  account: User,
} as const;

/** The decorative icon of a navigation entry. */
export function NavIcon({ icon }: { icon: NavItem['icon'] }) {
  const Icon = ICONS[icon];
  return <Icon className="h-4 w-4 shrink-0" aria-hidden="true" />;
}
