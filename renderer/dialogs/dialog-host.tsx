import { PointsScreen } from '../screens/points-screen';
import { useUi } from '../state/ui-store';
import { CardIssueDialog } from './card-issue-dialog';
import { HardwareDialog } from './hardware-dialog';
import { MenuDialog } from './menu-dialog';
import { OverdraftDialog } from './overdraft-dialog';
import { PinResetDialog } from './pin-reset-dialog';
import { ReportLostDialog } from './report-lost-dialog';
import { ReturnDialog } from './return-dialog';
import { SettingsDialog } from './settings-dialog';
import { ShiftCloseDialog } from './shift-close-dialog';
import { VoidDialog } from './void-dialog';

export function DialogHost() {
  const dialog = useUi((s) => s.dialog);
  switch (dialog) {
    case 'menu':
      return <MenuDialog />;
    case 'void':
      return <VoidDialog />;
    case 'return':
      return <ReturnDialog />;
    case 'shift-close':
      return <ShiftCloseDialog />;
    case 'hardware':
      return <HardwareDialog />;
    case 'report-lost':
      return <ReportLostDialog />;
    case 'overdrafts':
      return <OverdraftDialog />;
    case 'points':
      return <PointsScreen />;
    case 'settings':
      return <SettingsDialog />;
    case 'card-issue':
      return <CardIssueDialog />;
    case 'pin-reset':
      return <PinResetDialog />;
    default:
      return null;
  }
}
