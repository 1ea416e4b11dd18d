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
export { Input } from './components/input';
export { Label } from './components/label';
export { Separator } from './components/separator';
export { Skeleton } from './components/skeleton';
