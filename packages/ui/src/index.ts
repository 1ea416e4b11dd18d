export { cn } from './lib/utils';
export { Alert, AlertDescription, AlertTitle } from './components/alert';
export { Badge, badgeVariants, type BadgeProps } from './components/badge';
export { Button, buttonVariants, type ButtonProps } from './components/button';
export {
  Card,
  CardContent,
  CardDescription,
  CardFooter,
  CardHeader,
  CardTitle,
} from './components/card';
export { EmptyState, type EmptyStateProps } from './components/empty-state';
export { Input } from './components/input';
export { Label } from './components/label';
export { Separator } from './components/separator';
export { Switch } from './components/switch';
export { Progress } from './components/progress';
export { Skeleton } from './components/skeleton';
export {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogOverlay,
  DialogPortal,
  DialogTitle,
  DialogTrigger,
} from './components/dialog';
export {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuGroup,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuPortal,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from './components/dropdown-menu';
export { NativeSelect } from './components/native-select';
export {
  Sheet,
  SheetClose,
  SheetContent,
  SheetDescription,
  SheetTitle,
  SheetTrigger,
} from './components/sheet';
export {
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from './components/table';
export { Textarea } from './components/textarea';
export { Toaster, toast } from './components/sonner';
export { ThemeProvider } from './components/theme-provider';
export { ThemeToggle } from './components/theme-toggle';
