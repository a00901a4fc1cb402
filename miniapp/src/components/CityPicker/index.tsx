import { Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { RegionInfo } from '@yaojia/shared';
import { regionLabel } from '../../lib/regions';
import { Chip } from '../Chip';
import { Tap } from '../Tap';
import './index.scss';

export interface CityPickerProps {
  regions: readonly RegionInfo[];
  current: string | null;
  onChoose: (region: RegionInfo, district: string | null) => void;
}

/** Choosing a city (and optionally a district) by hand: the app works fully without location. */
export function CityPicker({ regions, current, onChoose }: CityPickerProps) {
  const [open, setOpen] = useState<string | null>(current);
  return (
    <View className='city-picker' data-testid='city-picker'>
      <Text className='city-picker__title'>选择您所在的城市</Text>
      {regions.map((r) => (
        <View key={r.slug} className='city-picker__region'>
          <Tap kind={r.slug === current ? 'primary' : 'secondary'} block onTap={() => (open === r.slug ? onChoose(r, null) : setOpen(r.slug))} label={r.center.city}>
            {regionLabel(r)}
          </Tap>
          {open === r.slug && r.districts.length > 0 && (
            <View className='city-picker__districts'>
              <Chip text={`全${r.center.city}`} onTap={() => onChoose(r, null)} />
              {r.districts.map((d) => (
                <Chip key={d} text={d} onTap={() => onChoose(r, d)} />
              ))}
            </View>
          )}
        </View>
      ))}
    </View>
  );
}
