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

/**
 * Choosing a city by hand: one tap chooses it (the app works fully without location); its districts then
 * appear to narrow the distance estimate, optionally. A region with nothing published says so.
 */
export function CityPicker({ regions, current, onChoose }: CityPickerProps) {
  const [open, setOpen] = useState<string | null>(current);
  return (
    <View className='city-picker' data-testid='city-picker'>
      <Text className='city-picker__title'>选择您所在的城市</Text>
      {regions.map((r) => (
        <View key={r.slug} className='city-picker__region'>
          <Tap
            kind={r.slug === current ? 'primary' : 'secondary'}
            block
            onTap={() => {
              setOpen(r.slug);
              onChoose(r, null);
            }}
            label={r.center.city}
          >
            {regionLabel(r)}
            {r.lastPublishedAt ? '' : `（${unpublishedText(r)}）`}
          </Tap>
          {open === r.slug && r.districts.length > 0 && (
            <View className='city-picker__districts'>
              <Text className='city-picker__hint'>已选{r.center.city}；可再选区，让距离更准（可不选）</Text>
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

/** "江西暂未发布数据": the region exists but its bureau has published nothing yet. */
export function unpublishedText(r: Pick<RegionInfo, 'name'>): string {
  return `${r.name.replace(/(省|市|回族自治区|壮族自治区|维吾尔自治区|自治区)(（联盟）)?$/, '')}暂未发布数据`;
}
