import { mount } from '../shared/mount';
import { deskTheme } from '../shared/theme';
import { MerchApp } from './MerchApp';

mount(deskTheme, <MerchApp />);
