'use client';

import { useId } from 'react';
import { Bell, Home, Settings } from 'lucide-react';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Input,
  Label,
} from '@aiconnected/ui';
import type { ResolvedTheme } from '@aiconnected/theme';
import { ModePreviews } from './mode-previews';

/** A small sample of the shell in one mode: sidebar, card, form field, buttons, charts, a site page. */
function Sample({ mode }: { mode: string }) {
  const inputId = useId();
  return (
    <div className="flex min-w-0 overflow-hidden rounded-lg border bg-background font-sans text-foreground shadow-sm">
      <nav
        aria-label={`${mode} preview navigation`}
        className="hidden w-36 shrink-0 flex-col gap-1 border-r border-sidebar-border bg-sidebar p-2 text-sm text-sidebar-foreground sm:flex"
      >
        <span className="flex items-center gap-2 rounded-md bg-sidebar-primary px-2 py-1.5 text-sidebar-primary-foreground">
          <Home className="h-4 w-4" aria-hidden="true" /> Home
        </span>
        <span className="flex items-center gap-2 rounded-md bg-sidebar-accent px-2 py-1.5 text-sidebar-accent-foreground">
          <Bell className="h-4 w-4" aria-hidden="true" /> Updates
        </span>
        <span className="flex items-center gap-2 px-2 py-1.5">
          <Settings className="h-4 w-4" aria-hidden="true" /> Settings
        </span>
      </nav>
      <div className="min-w-0 flex-1 space-y-3 p-3">
        <Card className="shadow-md">
          <CardHeader className="p-4 pb-2">
            <CardTitle className="text-base">Quarterly report</CardTitle>
            <CardDescription>Muted text explains the card.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-3 p-4 pt-0">
            <div className="space-y-1">
              <Label htmlFor={inputId}>Email</Label>
              <Input id={inputId} placeholder="name@example.com" readOnly tabIndex={-1} />
            </div>
            <div className="flex flex-wrap gap-2">
              <Button size="sm" tabIndex={-1}>
                Primary
              </Button>
              <Button size="sm" variant="secondary" tabIndex={-1}>
                Secondary
              </Button>
              <Button size="sm" variant="outline" tabIndex={-1}>
                Outline
              </Button>
              <Button size="sm" variant="destructive" tabIndex={-1}>
                Delete
              </Button>
            </div>
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <Badge>New</Badge>
              <span className="rounded-md bg-accent px-2 py-0.5 text-accent-foreground">
                Accent
              </span>
              <span className="rounded-md bg-muted px-2 py-0.5 text-muted-foreground">Muted</span>
            </div>
            <div className="flex h-10 items-end gap-1" aria-hidden="true">
              {[
                ['bg-chart-1', 'h-4'],
                ['bg-chart-2', 'h-8'],
                ['bg-chart-3', 'h-6'],
                ['bg-chart-4', 'h-10'],
                ['bg-chart-5', 'h-5'],
              ].map(([colour, height]) => (
                <span key={colour} className={`w-5 rounded-sm ${colour} ${height}`} />
              ))}
            </div>
          </CardContent>
        </Card>
        <div className="space-y-2 rounded-[var(--site-radius)] border border-[hsl(var(--site-border))] bg-[hsl(var(--site-background))] p-3 text-sm text-[hsl(var(--site-foreground))] [font-family:var(--site-font)]">
          <p className="font-medium">A module’s site page</p>
          <p className="rounded-sm bg-[hsl(var(--site-muted))] px-2 py-1 text-[hsl(var(--site-muted-foreground))]">
            Site muted text
          </p>
          <div className="flex flex-wrap gap-2">
            <span className="rounded-[var(--site-radius)] bg-[hsl(var(--site-primary))] px-3 py-1 text-[hsl(var(--site-primary-foreground))]">
              Book now
            </span>
            <span className="rounded-[var(--site-radius)] bg-[hsl(var(--site-accent))] px-3 py-1 text-[hsl(var(--site-accent-foreground))]">
              Learn more
            </span>
          </div>
        </div>
      </div>
    </div>
  );
}

/** The draft theme in both modes side by side (see `ModePreviews`). */
export function ThemePreview({ theme }: { theme: ResolvedTheme }) {
  return (
    <ModePreviews theme={theme} idPrefix="theme-preview">
      {(mode) => <Sample mode={mode} />}
    </ModePreviews>
  );
}
