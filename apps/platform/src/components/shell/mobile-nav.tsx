'use client';

import { useState } from 'react';
import { Menu } from 'lucide-react';
import {
  Button,
  Sheet,
  SheetContent,
  SheetDescription,
  SheetTitle,
  SheetTrigger,
} from '@aiconnected/ui';
import type { NavItem } from '@/lib/access';
import type { ModuleNavLink } from '@/lib/module-navigation';
import { SidebarNav } from './sidebar-nav';

/** Under the `md` breakpoint the sidebar folds into this button and a slide-in panel. */
export function MobileNav({
  items,
  moduleLinks,
  workspaceName,
}: {
  items: NavItem[];
  moduleLinks?: ModuleNavLink[];
  workspaceName: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Sheet open={open} onOpenChange={setOpen}>
      <SheetTrigger asChild>
        <Button variant="ghost" size="icon" className="md:hidden">
          <Menu aria-hidden="true" />
          <span className="sr-only">Open navigation</span>
        </Button>
      </SheetTrigger>
      <SheetContent>
        <SheetTitle className="text-base font-semibold">Navigation</SheetTitle>
        <SheetDescription className="text-sm text-muted-foreground">
          {workspaceName}
        </SheetDescription>
        <SidebarNav items={items} moduleLinks={moduleLinks} onNavigate={() => setOpen(false)} />
      </SheetContent>
    </Sheet>
  );
}
